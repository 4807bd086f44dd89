import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { fail } from '../../shared/api/result.js';
import type { Core } from '../core/core.js';
import { IPC_EVENT, IPC_INVOKE } from './channels.js';
import { isAppUrl } from './window.js';

/**
 * Wires the core's dispatcher to IPC. Like VS Code's validated IPC: a call is answered only
 * when it comes from the main frame of a window showing the app itself; the dispatcher then
 * checks the name and validates the request, exactly as it does for the host.
 */
export function wireIpc(core: Core, rendererDir: string): () => void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, name: unknown, request: unknown) => {
    const frame = event.senderFrame;
    if (!frame || frame !== event.sender.mainFrame || !isAppUrl(frame.url, rendererDir)) {
      return fail('unauthorized', 'IPC call from a frame that is not the app');
    }
    return core.dispatcher.invoke(name, request, { transport: 'electron' });
  });
  const off = core.events.onAny((name, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (!win.isDestroyed()) win.webContents.send(IPC_EVENT, name, payload);
    }
  });
  return () => {
    off();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
