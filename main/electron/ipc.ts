import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { mayCall } from '../../shared/api/access.js';
import { apiEvents, isEventName } from '../../shared/api/contract.js';
import { fail } from '../../shared/api/result.js';
import type { ClientSession } from '../core/client-session.js';
import type { Core } from '../core/core.js';
import { IPC_EVENT, IPC_INVOKE } from './channels.js';
import { pageOf, type AppPage } from './pages.js';

/**
 * Wires the core's dispatcher to IPC. Like VS Code's validated IPC: a call is answered only
 * when it comes from the main frame of a window showing the app itself; the dispatcher then
 * checks the caller's access, the name and the request, exactly as it does for the host. Each
 * window is one client session (its login, its resident's visit); events go to a window only
 * when its principal may receive them. The page a window shows fixes its session's mode: the
 * waiting-room display (display.html) is never a resident, even on a kiosk.
 */
export function wireIpc(core: Core, rendererDir: string): () => void {
  const sessions = new Map<number, { page: AppPage; session: ClientSession }>();
  const sessionOf = (webContentsId: number, page: AppPage): ClientSession => {
    let s = sessions.get(webContentsId);
    if (!s || s.page !== page) {
      if (s) core.services.sessions.remove(s.session);
      s = { page, session: core.services.sessions.create(page === 'display.html' ? 'display' : null) };
      sessions.set(webContentsId, s);
    }
    return s.session;
  };
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, name: unknown, request: unknown) => {
    const frame = event.senderFrame;
    const page = frame && frame === event.sender.mainFrame ? pageOf(frame.url, rendererDir) : null;
    if (!page) return fail('unauthorized', 'IPC call from a frame that is not the app');
    return core.dispatcher.invoke(name, request, { transport: 'electron', session: sessionOf(event.sender.id, page) });
  });
  const off = core.events.onAny((name, payload) => {
    if (!isEventName(name)) return;
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.isDestroyed()) continue;
      // A window still loading (or showing anything else) shows no page of ours: it gets nothing.
      const page = pageOf(win.webContents.getURL(), rendererDir);
      if (!page) continue;
      if (mayCall(core.peekPrincipal(sessionOf(win.webContents.id, page)), apiEvents[name].access)) win.webContents.send(IPC_EVENT, name, payload);
    }
  });
  return () => {
    off();
    ipcMain.removeHandler(IPC_INVOKE);
  };
}
