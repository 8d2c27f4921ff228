// English messages of the cli area. Keys are 'cli.<something>'.
export const cli: Record<string, string> = {};
