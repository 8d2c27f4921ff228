// English messages of the ui area. Keys are 'ui.<something>'.
export const ui: Record<string, string> = {};
