import type { AnjunganApi, EventName } from '../../../shared/api/contract.js';
import type { Result } from '../../../shared/api/result.js';

/**
 * The API over the headless host: POST /api/invoke/<call> and a WebSocket for events. The
 * session cookie set when the page was opened authenticates both; the custom header makes any
 * cross-origin attempt need a CORS preflight, which the host never grants.
 */
export function createHostTransport(onConnection: (connected: boolean) => void): AnjunganApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let retryMs = 500;

  const connect = (): void => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/api/events`);
    ws.onopen = () => {
      retryMs = 500;
      onConnection(true);
    };
    ws.onmessage = (msg: MessageEvent<string>) => {
      const frame = JSON.parse(msg.data) as { event: string; payload: unknown };
      for (const l of listeners.get(frame.event) ?? []) l(frame.payload);
    };
    ws.onclose = () => {
      onConnection(false);
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  };
  connect();

  return {
    async invoke(name, request) {
      try {
        const res = await fetch(`./api/invoke/${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-anjungan-client': '1' },
          body: JSON.stringify(request ?? {}),
        });
        return (await res.json()) as Result<never>;
      } catch (err) {
        return { ok: false, error: { code: 'internal', message: `host unreachable: ${String(err)}` } };
      }
    },
    on(name: EventName, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
