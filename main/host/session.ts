import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Who may call the host's API: only the page opened from the URL that `anjungan start` printed.
 * That URL carries a per-start secret; the first load trades it for an HttpOnly, SameSite=Strict
 * cookie (named by port) and a page token handed over in the URL fragment, which never leaves
 * the page. Every API request must carry the cookie, the page token in a header, a custom header
 * (which a cross-origin page cannot send without a CORS preflight that we never grant), a Host
 * naming loopback (against DNS rebinding), and, when present, our Origin. Cookies ignore ports,
 * so another program listening on 127.0.0.1 may be sent the cookie by the browser; it never sees
 * the page token, which lives in the page's memory and its port-scoped sessionStorage.
 */
export const TOKEN_HEADER = 'x-anjungan-token';

export class HostSession {
  readonly secret = randomBytes(32).toString('base64url');

  constructor(readonly port: number) {}

  get cookieName(): string {
    return `anjungan_session_${this.port}`;
  }

  get origins(): string[] {
    return [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.secret}; HttpOnly; SameSite=Strict; Path=/`;
  }

  secretMatches(candidate: string | null | undefined): boolean {
    if (!candidate) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.secret);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host ?? '';
    return host === `127.0.0.1:${this.port}` || host === `localhost:${this.port}`;
  }

  originAllowed(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || this.origins.includes(origin);
  }

  cookieFrom(req: IncomingMessage): string | null {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === this.cookieName) return rest.join('=');
    }
    return null;
  }

  /** Why an API or event request is refused, or null when it may pass. */
  refusal(req: IncomingMessage, kind: 'api' | 'events'): string | null {
    if (!this.hostAllowed(req)) return 'host header is not loopback';
    if (!this.originAllowed(req)) return 'origin not allowed';
    if (!this.secretMatches(this.cookieFrom(req))) return 'missing or wrong session';
    if (kind === 'api' && req.headers['x-anjungan-client'] !== '1') return 'missing x-anjungan-client header';
    return null;
  }

  /** The page token: a header on API calls, the WebSocket subprotocol `anjungan.<token>` on the event stream. */
  static tokenOf(req: IncomingMessage, kind: 'api' | 'events'): string | undefined {
    if (kind === 'api') {
      const v = req.headers[TOKEN_HEADER];
      return Array.isArray(v) ? v[0] : v;
    }
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    return protocols.find((p) => p.startsWith('anjungan.'))?.slice('anjungan.'.length);
  }
}
