/**
 * The preload: the only bridge between the sandboxed renderer and the core. It exposes
 * `window.anjungan` with exactly two functions, and refuses any call or event name that is not
 * in the shared contract before anything crosses to the main process. Bundled by esbuild into
 * one CommonJS file because sandboxed preloads cannot load modules.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { isCallName, isEventName, type AnjunganApi } from '../../shared/api/contract.js';
import { IPC_EVENT, IPC_INVOKE } from './channels.js';

const bridge: AnjunganApi = {
  invoke(name, request) {
    if (!isCallName(name)) {
      return Promise.resolve({ ok: false, error: { code: 'unknown_call', message: `not in the contract: ${String(name)}` } });
    }
    return ipcRenderer.invoke(IPC_INVOKE, name, request) as ReturnType<AnjunganApi['invoke']>;
  },
  on(name, listener) {
    if (!isEventName(name)) throw new Error(`not an Anjungan event: ${String(name)}`);
    const handler = (_e: IpcRendererEvent, eventName: string, payload: unknown): void => {
      if (eventName === name) (listener as (p: unknown) => void)(payload);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => ipcRenderer.off(IPC_EVENT, handler);
  },
};

contextBridge.exposeInMainWorld('anjungan', bridge);
