// English messages of the model area. Keys are 'model.<something>'.
export const model: Record<string, string> = {};
