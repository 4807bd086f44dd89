import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS helper shared with the benchmark
import { startLink } from '../../bench/link-emulator.mjs';

interface Link {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A sink that logs, in arrival order, which connection each run of bytes came from (by its first byte). */
async function sink(): Promise<{ server: Server; port: number; log: { conn: string; bytes: number; at: number }[] }> {
  const log: { conn: string; bytes: number; at: number }[] = [];
  const server = createServer((s) => {
    let conn: string | null = null;
    s.on('data', (d: Buffer) => {
      conn ??= String.fromCharCode(d[0]!);
      log.push({ conn, bytes: d.length, at: performance.now() });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as { port: number }).port, log };
}

function open(port: number): Promise<Socket> {
  return new Promise((done) => {
    const s = connect(port, '127.0.0.1', () => done(s));
  });
}

describe('link emulator (the sync benches and tests measure through it)', () => {
  const closers: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0).reverse()) await c();
  });

  it('is one FIFO per direction: bytes queued first go first, and the lane does not idle during a piece\'s latency', async () => {
    const s = await sink();
    closers.push(() => new Promise<void>((r) => s.server.close(() => r())));
    const rate = 32_000;
    const latencyMs = 150;
    const link = (await startLink({ target: { host: '127.0.0.1', port: s.port }, upBytesPerSec: rate, downBytesPerSec: rate, latencyMs })) as Link;
    closers.push(() => link.close());
    const a = await open(link.port);
    const b = await open(link.port);
    closers.push(() => void (a.destroy(), b.destroy()));
    const t0 = performance.now();
    a.write(Buffer.alloc(16 * 1024, 'A'));
    // B's one piece comes while A's first is still on its way: it queues behind all of A's.
    await new Promise((r) => setTimeout(r, 100));
    b.write(Buffer.alloc(1024, 'B'));
    const want = 17 * 1024;
    while (s.log.reduce((n, e) => n + e.bytes, 0) < want) await new Promise((r) => setTimeout(r, 20));
    const order = s.log.map((e) => e.conn).join('');
    expect(order).toMatch(/^A+B+$/);
    // A's bytes took at least their transmission at the rate plus one latency (the rate is kept).
    const lastA = s.log.filter((e) => e.conn === 'A').at(-1)!.at;
    expect(lastA - t0).toBeGreaterThanOrEqual(((16 * 1024) / rate) * 1000 + latencyMs - 40);
  });
});
