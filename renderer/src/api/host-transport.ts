import type { AnjunganApi, EventName } from '../../../shared/api/contract.js';
import type { Result } from '../../../shared/api/result.js';

/** Where the page keeps its token across a reload: sessionStorage is scoped to this origin and port. */
const TOKEN_KEY = 'anjungan.token';
const TOKEN_HEADER = 'x-anjungan-token';

/**
 * The page token: handed over in the URL fragment when the page was opened (the host never
 * sees a fragment, nor does any other program the browser talks to), kept in memory, and in
 * sessionStorage only so a reload keeps working. It is written back after every call, because
 * the kiosk's wipe clears storage and a new visit renews the token.
 */
function pageToken(): { get(): string; set(t: string): void } {
  const fromHash = /(?:^#|&)t=([A-Za-z0-9_-]{16,64})/.exec(location.hash)?.[1];
  let token = fromHash ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (fromHash) history.replaceState(history.state, '', `${location.pathname}${location.search}`);
  const save = (): void => {
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      /* storage may be unavailable; memory still holds it */
    }
  };
  save();
  return {
    get: () => token,
    set(t) {
      token = t;
      save();
    },
  };
}

/**
 * The API over the headless host: POST /api/invoke/<call> and a WebSocket for events. The
 * session cookie and the page token authenticate both; the custom header makes any
 * cross-origin attempt need a CORS preflight, which the host never grants.
 */
export function createHostTransport(onConnection: (connected: boolean) => void): AnjunganApi {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const token = pageToken();
  let retryMs = 500;

  const connect = (): void => {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/api/events`, [`anjungan.${token.get()}`]);
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
          headers: { 'content-type': 'application/json', 'x-anjungan-client': '1', [TOKEN_HEADER]: token.get() },
          body: JSON.stringify(request ?? {}),
        });
        // The kiosk's wipe clears sessionStorage: put the token back for a reload.
        token.set(token.get());
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
