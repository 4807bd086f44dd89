/** The two IPC channels between preload and main. Nothing else is ever sent. */
export const IPC_INVOKE = 'anjungan:invoke';
export const IPC_EVENT = 'anjungan:event';
