import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodySigningText, OfficeCode, PATHS, requestSigningText, UpdateReport } from '../../shared/sync/protocol.js';
import type { RouteKit } from './letter-routes.js';

const FILE_PATH = /^\/v1\/updates\/files\/(\d{1,12})\/([^/]{1,255})$/;

/**
 * The release feed (issue 15). A device asks (signed) for the newest release meant for its
 * office; the files themselves are public (their integrity rests on the kabupaten's signature,
 * checked by the device) and served with Range, so a download over a thin link resumes where it
 * stopped; a device reports what it did with a release (signed). Answers true when handled.
 */
export async function updateRoutes(k: RouteKit, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname === PATHS.updatesLatest && req.method === 'GET') {
    const device = await k.authDevice(req);
    if (!k.verify(device, requestSigningText('GET', `${url.pathname}${url.search}`, device.id), req)) throw k.fail(401, 'bad_signature', 'the request signature does not verify');
    const office = OfficeCode.safeParse(url.searchParams.get('office') ?? '');
    const platform = url.searchParams.get('platform');
    if (!office.success || (platform !== 'linux' && platform !== 'win')) throw k.fail(400, 'bad_request', 'office (a desa code) and platform (linux or win) are required');
    const release = await k.store.releases.latestFor(platform, office.data, url.searchParams.get('have'));
    if (!release) {
      res.writeHead(204).end();
      return true;
    }
    k.sendJson(res, 200, release);
    return true;
  }
  const file = FILE_PATH.exec(url.pathname);
  if (file && (req.method === 'GET' || req.method === 'HEAD')) {
    const id = Number(file[1]);
    const name = decodeURIComponent(file[2]!);
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Number(range[2]) : Number.MAX_SAFE_INTEGER;
    // At most 8 MiB per answer: a client asks for the rest with the next range.
    const got = await k.store.releases.read(id, name, start, Math.min(end, start + 8 * 1024 * 1024 - 1));
    if (!got) throw k.fail(404, 'bad_request', `no release file ${name} in release ${id}`);
    if (range && start >= got.size && got.size > 0) {
      res.writeHead(416, { 'content-range': `bytes */${got.size}` }).end();
      return true;
    }
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(got.data.length), 'accept-ranges': 'bytes' };
    if (range || got.data.length < got.size) headers['content-range'] = `bytes ${start}-${start + got.data.length - 1}/${got.size}`;
    res.writeHead(range || got.data.length < got.size ? 206 : 200, headers);
    res.end(req.method === 'HEAD' ? undefined : got.data);
    return true;
  }
  if (url.pathname === PATHS.updatesReport && req.method === 'POST') {
    const device = await k.authDevice(req);
    const raw = await k.readBody(req, 16 * 1024);
    const digest = createHash('sha256').update(raw).digest('hex');
    if (!k.verify(device, bodySigningText('POST', url.pathname, device.id, digest), req)) throw k.fail(401, 'bad_signature', 'the report signature does not verify');
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      json = null;
    }
    const body = UpdateReport.safeParse(json);
    if (!body.success) throw k.fail(400, 'bad_request', 'expected {version, outcome, reason}');
    await k.store.releases.report(device.id, body.data.version, body.data.outcome, body.data.reason, new Date().toISOString());
    if (body.data.outcome === 'refused' || body.data.outcome === 'rolled_back' || body.data.outcome === 'failed') {
      k.log.warn('device update problem', { deviceId: device.id, version: body.data.version, outcome: body.data.outcome, reason: body.data.reason });
    }
    k.sendJson(res, 200, { recorded: true });
    return true;
  }
  return false;
}
