// A link emulator on loopback: a TCP proxy with bandwidth per direction, one-way latency,
// connection cuts at chosen or random byte offsets, and whole-link drops (nothing moves).
// Used by the sync benchmark and the sync tests.
import net from 'node:net';

const PIECE = 1024;

/**
 * opts: { target: {host, port}, upBytesPerSec, downBytesPerSec, latencyMs (one way),
 *         cut(connIndex) → byte offset (client→server bytes) at which to cut, or null,
 *         handshake: true → a connection's first byte up leaves only one RTT after its connect
 *         (TCP's SYN / SYN-ACK; off by default: a connect on loopback costs nothing) }
 */
export async function startLink(opts) {
  // resumeMs: after a drop, how long after the link came back the first byte went up again.
  const stats = { connections: 0, bytesUp: 0, bytesDown: 0, cuts: 0, resumeMs: null };
  let downUntil = 0;
  let dropEndsAt = null;
  const sockets = new Set();
  const lanes = { up: { nextFree: 0 }, down: { nextFree: 0 } };

  // One FIFO per direction and connection; a piece's transmit slot on the shared lane is fixed
  // only when it reaches the head, so a link drop delays everything still queued.
  function shape(src, dst, lane, rate, onForward, notBefore = 0) {
    const q = [];
    let queued = 0;
    let timer = null;
    let stopped = false;
    const pump = () => {
      timer = null;
      if (stopped) return;
      for (;;) {
        const now = performance.now();
        const p = q[0];
        if (!p) break;
        if (p.due === undefined) {
          const start = Math.max(p.arrived, lane.nextFree, downUntil, notBefore);
          const end = Number.isFinite(rate) ? start + (p.buf.length / rate) * 1000 : start;
          lane.nextFree = end;
          p.due = end + opts.latencyMs;
        }
        if (p.due > now + 0.5) {
          timer = setTimeout(pump, p.due - now);
          break;
        }
        q.shift();
        queued -= p.buf.length;
        if (!onForward(p.buf)) {
          stopped = true;
          q.length = 0;
          return;
        }
      }
      if (queued < 32 * 1024 && src.isPaused()) src.resume();
    };
    src.on('data', (chunk) => {
      const now = performance.now();
      for (let i = 0; i < chunk.length; i += PIECE) q.push({ buf: chunk.subarray(i, i + PIECE), arrived: now, due: undefined });
      queued += chunk.length;
      if (queued > 64 * 1024) src.pause();
      if (!timer) pump();
    });
  }

  const server = net.createServer((client) => {
    const index = stats.connections++;
    const cutAt = opts.cut ? opts.cut(index) : null;
    let up = 0;
    let dead = false;
    const upstream = net.connect(opts.target.port, opts.target.host);
    sockets.add(client);
    sockets.add(upstream);
    const kill = () => {
      if (dead) return;
      dead = true;
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => setTimeout(kill, opts.latencyMs + 5));
    upstream.on('close', () => setTimeout(kill, opts.latencyMs + 5));
    shape(client, upstream, lanes.up, opts.upBytesPerSec ?? Infinity, (piece) => {
      if (dead) return false;
      if (dropEndsAt !== null && stats.resumeMs === null && performance.now() >= dropEndsAt) stats.resumeMs = performance.now() - dropEndsAt;
      if (cutAt !== null && up + piece.length >= cutAt) {
        const keep = piece.subarray(0, Math.max(0, cutAt - up));
        if (keep.length) upstream.write(keep);
        stats.bytesUp += keep.length;
        stats.cuts++;
        // Let the kept bytes reach the server before the cut.
        setTimeout(kill, 2);
        dead = true;
        setTimeout(() => {
          client.destroy();
          upstream.destroy();
        }, 2);
        return false;
      }
      up += piece.length;
      stats.bytesUp += piece.length;
      upstream.write(piece);
      return true;
    }, opts.handshake ? performance.now() + 2 * opts.latencyMs : 0);
    shape(upstream, client, lanes.down, opts.downBytesPerSec ?? Infinity, (piece) => {
      if (dead) return false;
      stats.bytesDown += piece.length;
      client.write(piece);
      return true;
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const port = server.address().port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    /** Nothing moves for ms (like a radio dropping out); open connections stall. */
    drop(ms) {
      downUntil = performance.now() + ms;
      dropEndsAt = downUntil;
      stats.resumeMs = null;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
