import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Core } from '../core/core.js';
import type { Logger } from '../log.js';
import { mayCall } from '../../shared/api/access.js';
import { apiEvents, isEventName } from '../../shared/api/contract.js';
import type { ClientSession, PageMode } from '../core/client-session.js';
import { HostSession } from './session.js';
import { serveStatic } from './static.js';

export interface HostOptions {
  core: Core;
  /** 0 picks a free port. */
  port: number;
  rendererDir: string;
  log: Logger;
}

export interface Host {
  port: number;
  /** The URL to open, secret included: the mode the device's role names. */
  url: string;
  /** The URL of a page in a given mode (the desk on a kiosk's PC, the waiting-room display). */
  urlFor(mode: PageMode): string;
  close(): Promise<void>;
}

/** The waiting-room display: its own page of the built renderer (renderer/display.html). */
export const DISPLAY_PAGE = 'display.html';

const MAX_BODY = 1024 * 1024;
/** Past this, an oversized body is not even drained: the connection is cut. */
const MAX_DRAIN = 64 * 1024 * 1024;

/**
 * The headless host: the same renderer and the same typed API as the Electron shell, served to
 * a browser on 127.0.0.1 only. POST /api/invoke/<call> answers a Result as JSON; /api/events is
 * a WebSocket carrying core events.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { core, log } = options;
  // The session is keyed by the port, known only once listening; nobody can know the URL before.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const session = new HostSession(port);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((err: unknown) => {
      log.error('request failed', { url: req.url?.split('?')[0], error: err });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${session.port}`);
    setCommonHeaders(res, session.port);
    if (!session.hostAllowed(req)) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('misdirected request');
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const refused = session.refusal(req, 'api');
      if (refused) {
        log.warn('api request refused', { reason: refused, path: url.pathname });
        sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: refused } });
        return;
      }
      const page = core.services.sessions.byToken(HostSession.tokenOf(req, 'api'));
      if (!page) {
        log.warn('api request refused', { reason: 'unknown page token', path: url.pathname });
        sendJson(res, 401, { ok: false, error: { code: 'unauthorized', message: 'missing or unknown page token; open the address Anjungan printed' } });
        return;
      }
      const m = /^\/api\/invoke\/([a-z0-9:-]+)$/.exec(url.pathname);
      if (!m || req.method !== 'POST') {
        sendJson(res, 404, { ok: false, error: { code: 'unknown_call', message: 'use POST /api/invoke/<call>' } });
        return;
      }
      const body = await readBody(req);
      let request: unknown;
      if (body === null) {
        res.setHeader('connection', 'close');
        sendJson(res, 413, { ok: false, error: { code: 'invalid_request', message: `request body over ${MAX_BODY} bytes` } });
        return;
      }
      try {
        request = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        sendJson(res, 400, { ok: false, error: { code: 'invalid_request', message: 'request body is not JSON' } });
        return;
      }
      const result = await core.dispatcher.invoke(m[1], request, { transport: 'host', session: page });
      sendJson(res, 200, result);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const key = url.searchParams.get('key');
    if (key !== null) {
      // Trade the printed secret for the session cookie, then drop it from the address bar.
      if (!session.secretMatches(key)) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Kunci sesi salah. / Wrong session key.');
        return;
      }
      url.searchParams.delete('key');
      // The page token travels in the fragment: browsers never send it to any server.
      const page = core.services.sessions.create(pageModeOf(url.searchParams.get('mode')));
      res.writeHead(303, { 'set-cookie': session.setCookieHeader(), location: `${url.pathname}${url.search}#t=${page.token}` }).end();
      return;
    }
    serveStatic(options.rendererDir, url.pathname, res);
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: 4096, handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith('anjungan.')) ?? false });
  const sockets = new Map<WebSocket, ClientSession>();
  server.on('upgrade', (req, socket, head) => {
    let refused = new URL(req.url ?? '/', 'http://x').pathname === '/api/events' ? session.refusal(req, 'events') : 'no such endpoint';
    const page = refused ? undefined : core.services.sessions.byToken(HostSession.tokenOf(req, 'events'));
    if (!refused && !page) refused = 'missing or unknown page token';
    if (refused || !page) {
      log.warn('event stream refused', { reason: refused });
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.set(ws, page);
      ws.on('close', () => sockets.delete(ws));
      ws.on('error', () => sockets.delete(ws));
    });
  });
  // Each page gets only the events its principal may receive (a card's biodata only where someone serves).
  const unsubscribe = core.events.onAny((name, payload) => {
    if (!isEventName(name)) return;
    const frame = JSON.stringify({ event: name, payload });
    for (const [ws, page] of sockets) {
      if (ws.readyState === ws.OPEN && mayCall(core.peekPrincipal(page), apiEvents[name].access)) ws.send(frame);
    }
  });

  log.info('host listening', { port });

  return {
    port,
    url: `http://127.0.0.1:${port}/?key=${session.secret}`,
    urlFor: (mode) => `http://127.0.0.1:${port}/${mode === 'display' ? DISPLAY_PAGE : ''}?key=${session.secret}&mode=${mode}`,
    async close() {
      unsubscribe();
      for (const ws of sockets.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pageModeOf(value: string | null): PageMode | null {
  return value === 'kiosk' || value === 'desk' || value === 'display' ? value : null;
}

function setCommonHeaders(res: ServerResponse, port: number): void {
  res.setHeader(
    'content-security-policy',
    `default-src 'self'; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; ` +
      "img-src 'self' data: blob:; media-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  );
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/**
 * The body as text, or null when it exceeds MAX_BODY. An oversized body is read to its end and
 * discarded (up to a further bound), so the client gets its 413 instead of a cut connection.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_DRAIN) req.destroy();
      else if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
