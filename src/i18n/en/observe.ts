// English messages of the observe area. Keys are 'observe.<something>'.
export const observe: Record<string, string> = {};
