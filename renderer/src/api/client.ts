import type { AnjunganApi, CallName, CallRequest, CallResponse } from '../../../shared/api/contract.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { createHostTransport } from './host-transport.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser served by the headless host. */
    anjungan?: AnjunganApi;
  }
}

type ConnectionListener = (connected: boolean) => void;
const connectionListeners = new Set<ConnectionListener>();

/** The renderer's one API client: the preload's bridge under Electron, the host transport otherwise. */
export const api: AnjunganApi =
  window.anjungan ?? createHostTransport((connected) => connectionListeners.forEach((l) => l(connected)));

export function onConnectionChange(listener: ConnectionListener): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

/** invoke, unwrapped: resolves with the value or rejects with an ApiFailure carrying the code. */
export async function call<K extends CallName>(name: K, request: CallRequest<K>): Promise<CallResponse<K>> {
  const result = await api.invoke(name, request);
  if (!result.ok) throw new ApiFailure(result.error.code, result.error.message, result.error.details);
  return result.value;
}
