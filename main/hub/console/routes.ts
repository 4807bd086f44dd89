import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import QRCode from 'qrcode';
import {
  CONSOLE_ACCESS,
  CONSOLE_API,
  CSRF_HEADER,
  EnrolmentBody,
  InboxParams,
  LoginBody,
  MoveBody,
  PublishBody,
  RenameBody,
  RollbackBody,
  SESSION_COOKIE,
  UserBody,
  type ConsoleRoute,
} from '../../../shared/console/api.js';
import type { ConsoleErrorCode } from '../../../shared/console/errors.js';
import type { Logger } from '../../log.js';
import type { HubStore } from '../store.js';
import { ConsoleAuthError, IDLE_MS, type ConsoleSession } from './accounts.js';
import { backOfficeHandlers, type BackOffice } from './routes-back-office.js';
import { body, idIn, params, RouteError, send, type Ctx } from './route-kit.js';
import { CatalogueInvalidError } from './catalogue.js';
import { ConsoleError } from './inbox.js';

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

const isLoopback = (addr: string | undefined): boolean => !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'));

/** Served over TLS: directly, or by a reverse proxy on this machine that says so (X-Forwarded-Proto from loopback only). */
function overTls(req: IncomingMessage): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return isLoopback(req.socket.remoteAddress) && req.headers['x-forwarded-proto'] === 'https';
}

function sessionCookie(req: IncomingMessage, token: string, maxAgeS: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAgeS}${overTls(req) ? '; Secure' : ''}`;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The console's API (/console/api/...). Every route names its access (shared/console/api.ts):
 * the session comes from the HttpOnly cookie, changes need the session's CSRF token in a
 * header, and the role is checked here, on the server, before anything runs.
 */
export function consoleRoutes(store: HubStore, log: Logger, parts: BackOffice) {
  const { catalogue, inbox } = parts;
  const c = store.console;
  const handlers: Record<ConsoleRoute, (x: Ctx) => Promise<void>> = {
    async login({ req, res }) {
      const b = await body(req, LoginBody);
      try {
        const { token, session } = await c.accounts.login(b.username, b.password, req.socket.remoteAddress ?? '?');
        log.info('console login', { username: session.user.username, role: session.user.role });
        send(res, 200, { user: session.user, csrf: session.csrf, idleSeconds: IDLE_MS / 1000 }, { 'set-cookie': sessionCookie(req, token, 12 * 3600) });
      } catch (err) {
        if (err instanceof ConsoleAuthError) {
          const extra: Record<string, string> = err.retryAfterSeconds ? { 'retry-after': String(err.retryAfterSeconds) } : {};
          const code: ConsoleErrorCode = err.code === 'locked' ? 'locked' : 'bad_credentials';
          return send(res, code === 'locked' ? 429 : 401, { error: { code, message: err.message, ...(err.retryAfterSeconds ? { retryAfterSeconds: err.retryAfterSeconds } : {}) } }, extra);
        }
        throw err;
      }
    },
    async logout({ req, res, session }) {
      await c.accounts.logout(session!);
      send(res, 200, { ok: true }, { 'set-cookie': sessionCookie(req, '', 0) });
    },
    async me({ res, session }) {
      send(res, 200, { user: session!.user, csrf: session!.csrf, idleSeconds: IDLE_MS / 1000 });
    },
    async inbox({ res, url, session }) {
      const p = params(url, InboxParams, ['status']);
      send(res, 200, await inbox.list(session!.user, { ...p, statuses: p.status, breached: p.breached === '1' }));
    },
    async detail({ res, url, session }) {
      send(res, 200, await inbox.detail(session!.user, idIn(url, 'submissions')));
    },
    async attachment({ res, url, session }) {
      const a = await inbox.attachment(session!.user, idIn(url, 'submissions'));
      const name = (a.name ?? 'lampiran').replace(/[^\w.-]/g, '_');
      res.writeHead(200, { 'content-type': a.contentType ?? 'application/octet-stream', 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(a.data);
    },
    async move({ req, res, session }) {
      const b = await body(req, MoveBody);
      send(res, 200, await inbox.move(session!.user, b.ids, b.move, b.note ?? null));
    },
    async devices({ res }) {
      send(res, 200, { items: await c.devices.list() });
    },
    async 'device.revoke'({ res, url, session }) {
      const id = idIn(url, 'devices');
      await c.devices.revoke(session!.user, id);
      log.info('device revoked from the console', { deviceId: id, by: session!.user.username });
      send(res, 200, { ok: true });
    },
    async 'device.rename'({ req, res, url, session }) {
      const b = await body(req, RenameBody);
      await c.devices.rename(session!.user, idIn(url, 'devices'), b.label);
      send(res, 200, { ok: true });
    },
    async 'enrolment.issue'({ req, res, session }) {
      const b = await body(req, EnrolmentBody);
      const issued = await c.devices.issueCode(session!.user, b.label ?? null, b.hours ?? 72);
      // Shown as a QR the kiosk's camera scans (and as text to type).
      send(res, 200, { ...issued, qrSvg: await QRCode.toString(issued.code, { type: 'svg', margin: 1 }) });
    },
    async 'catalogue.list'({ res }) {
      send(res, 200, { current: await catalogue.current(), history: await catalogue.history() });
    },
    async 'catalogue.publish'({ req, res, session }) {
      const b = await body(req, PublishBody);
      const published = await catalogue.publish(session!.user, b.document, b.targets, b.note ?? null);
      // Answered once the SLA tables follow it: a move made after the answer gets the new days.
      await parts.catalogueChanged();
      send(res, 200, published);
    },
    async 'catalogue.rollback'({ req, res, session }) {
      const b = await body(req, RollbackBody);
      const rolledBack = await catalogue.rollback(session!.user, b.version);
      await parts.catalogueChanged();
      send(res, 200, rolledBack);
    },
    async 'users.list'({ res }) {
      send(res, 200, { items: await c.accounts.users(500) });
    },
    async 'users.add'({ req, res, session }) {
      const b = await body(req, UserBody);
      try {
        send(res, 200, await c.accounts.addUser(b.username, b.role, b.agencyId ?? null, b.password, `${session!.user.role}:${session!.user.username}`));
      } catch (err) {
        if (err instanceof ConsoleAuthError) throw new RouteError(err.code === 'username_taken' ? 409 : 400, err.code === 'username_taken' ? 'username_taken' : 'bad_request', err.message, err.fields);
        throw err;
      }
    },
    async audit({ res, url }) {
      const page = Math.max(1, Math.min(10_000, Number(url.searchParams.get('page') ?? '1') || 1));
      send(res, 200, { items: await c.auditRecent(50, (page - 1) * 50), chain: await c.verifyAudit() });
    },
    ...backOfficeHandlers(parts),
  };

  /** Which route a method and path name (null: none). */
  const routeOf = (method: string, path: string): ConsoleRoute | null => {
    const p = path.slice(CONSOLE_API.length);
    const table: [string, RegExp, ConsoleRoute][] = [
      ['POST', /^\/login$/, 'login'],
      ['POST', /^\/logout$/, 'logout'],
      ['GET', /^\/me$/, 'me'],
      ['GET', /^\/inbox$/, 'inbox'],
      ['GET', /^\/submissions\/[^/]+$/, 'detail'],
      ['GET', /^\/submissions\/[^/]+\/attachment$/, 'attachment'],
      ['POST', /^\/moves$/, 'move'],
      ['GET', /^\/devices$/, 'devices'],
      ['POST', /^\/devices\/[^/]+\/revoke$/, 'device.revoke'],
      ['POST', /^\/devices\/[^/]+\/rename$/, 'device.rename'],
      ['POST', /^\/enrolment-codes$/, 'enrolment.issue'],
      ['GET', /^\/catalogue$/, 'catalogue.list'],
      ['POST', /^\/catalogue$/, 'catalogue.publish'],
      ['POST', /^\/catalogue\/rollback$/, 'catalogue.rollback'],
      ['GET', /^\/users$/, 'users.list'],
      ['POST', /^\/users$/, 'users.add'],
      ['GET', /^\/audit$/, 'audit'],
      ['GET', /^\/complaints$/, 'complaints'],
      ['POST', /^\/complaints\/[^/]+\/move$/, 'complaint.move'],
      ['GET', /^\/escalations$/, 'escalations'],
      ['GET', /^\/dashboard$/, 'dashboard'],
      ['GET', /^\/agencies$/, 'agencies'],
    ];
    return table.find(([m, re]) => m === method && re.test(p))?.[2] ?? null;
  };

  /** Answers true when the request was the console API's. */
  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (url.pathname !== CONSOLE_API && !url.pathname.startsWith(`${CONSOLE_API}/`)) return false;
    const method = req.method ?? 'GET';
    try {
      const route = routeOf(method, url.pathname);
      if (!route) throw new RouteError(404, 'not_found', `no console endpoint ${method} ${url.pathname}`);
      const roles = CONSOLE_ACCESS[route];
      let session: ConsoleSession | null = null;
      if (roles !== null) {
        session = await c.accounts.session(cookie(req, SESSION_COOKIE));
        if (!session) throw new RouteError(401, 'unauthenticated', 'not logged in, or the session ended (idle logout)');
        if (method !== 'GET' && !sameToken(String(req.headers[CSRF_HEADER] ?? ''), session.csrf)) throw new RouteError(403, 'csrf', 'missing or wrong CSRF token');
        if (!roles.includes(session.user.role)) throw new RouteError(403, 'forbidden', `a ${session.user.role} may not use ${route}`);
      }
      await handlers[route]({ req, res, url, session });
    } catch (err) {
      if (res.headersSent) return true;
      if (err instanceof RouteError) send(res, err.status, { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } });
      else if (err instanceof ConsoleError) send(res, err.status, { error: { code: err.code, message: err.message } });
      else if (err instanceof CatalogueInvalidError) send(res, 400, { error: { code: 'catalogue_invalid', message: err.message, errors: err.errors } });
      else {
        log.error('console request failed', { path: url.pathname, error: err });
        send(res, 500, { error: { code: 'internal', message: 'the hub could not complete the request' } });
      }
    }
    return true;
  };
}
