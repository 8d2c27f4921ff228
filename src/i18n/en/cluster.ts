// English messages of the cluster area. Keys are 'cluster.<something>'.
export const cluster: Record<string, string> = {};
