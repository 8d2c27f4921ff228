// English messages of the datapath area. Keys are 'datapath.<something>'.
export const datapath: Record<string, string> = {};
