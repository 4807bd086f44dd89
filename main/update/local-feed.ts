import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';

/** What UpdateService writes once every file of a release verified (<data>/updates/<version>/ready.json). */
export const ReadyRelease = z.object({ version: z.string(), at: z.string(), files: z.array(z.string().regex(/^[^/\\]+$/)).min(1).max(20) });
export type ReadyRelease = z.infer<typeof ReadyRelease>;

export function readReady(dir: string): ReadyRelease | null {
  const file = join(dir, 'ready.json');
  if (!existsSync(file)) return null;
  try {
    const r = ReadyRelease.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export interface LocalFeed {
  /** A generic-provider feed URL for electron-updater (ends with '/'). */
  url: string;
  close(): Promise<void>;
}

/**
 * A verified release folder served to electron-updater as a generic feed, on loopback only and
 * only for the life of one install: electron-updater then fetches latest*.yml and the installer
 * and checks its own sha512 on top of our signature. Only the files the ready list names are
 * served (no directory listing, no other path), with Range for its differential download.
 */
export async function serveReleaseFeed(dir: string): Promise<LocalFeed> {
  const ready = readReady(dir);
  if (!ready) throw new Error(`no verified release in ${dir}`);
  const allowed = new Set(ready.files);
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, ''));
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !allowed.has(name)) {
      res.writeHead(404).end();
      return;
    }
    const path = join(dir, name);
    const size = statSync(path).size;
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), size - 1) : size - 1;
    if (range && (start > end || start >= size)) {
      res.writeHead(416, { 'content-range': `bytes */${size}` }).end();
      return;
    }
    res.writeHead(range ? 206 : 200, {
      'content-length': String(end - start + 1),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${size}` } : {}),
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(path, { start, end }).pipe(res);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}
