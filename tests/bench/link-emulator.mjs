// A link emulator on loopback: a TCP proxy with bandwidth per direction, one-way latency,
// connection cuts at chosen or random byte offsets, and whole-link drops (nothing moves).
// Used by the sync benchmark and the sync tests (tests/node/sync/link-emulator.test.ts checks its FIFO).
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

  // The link as one bottleneck per direction: a FIFO of every connection's pieces in the order
  // they arrived, each transmitted in turn at the lane's rate, then delivered one latency later.
  // A piece's transmit slot is fixed only when its transmission can begin (so a link drop delays
  // everything not yet on the wire), but the lane never idles while a piece waits behind another
  // one's propagation: on a real link the bytes after the first leave while it is on its way.
  const lanes = { up: lane(opts.upBytesPerSec ?? Infinity), down: lane(opts.downBytesPerSec ?? Infinity) };

  function lane(rate) {
    const l = { nextFree: 0, queue: [], timer: null };
    l.pump = () => {
      l.timer = null;
      const now = performance.now();
      while (l.queue.length) {
        const p = l.queue[0];
        if (p.flow.stopped) {
          l.queue.shift();
          continue;
        }
        const start = Math.max(p.ready, l.nextFree, downUntil);
        if (start > now + 0.5) {
          l.timer = setTimeout(l.pump, start - now);
          return;
        }
        l.queue.shift();
        const end = Number.isFinite(rate) ? start + (p.buf.length / rate) * 1000 : start;
        l.nextFree = end;
        p.flow.inFlight.push({ buf: p.buf, due: end + opts.latencyMs });
        p.flow.deliver();
      }
    };
    l.add = (piece) => {
      // In the order of readiness (a connection's first bytes may wait for its handshake).
      let i = l.queue.length;
      while (i > 0 && l.queue[i - 1].ready > piece.ready) i--;
      l.queue.splice(i, 0, piece);
      if (!l.timer) l.pump();
    };
    return l;
  }

  // One connection's direction: its pieces enter the lane, and come out in order when due.
  function shape(src, ln, onForward, notBefore = 0) {
    const flow = { inFlight: [], stopped: false, timer: null, deliver: null };
    let queued = 0;
    flow.deliver = () => {
      if (flow.timer) return;
      const run = () => {
        flow.timer = null;
        while (!flow.stopped && flow.inFlight.length) {
          const now = performance.now();
          const p = flow.inFlight[0];
          if (p.due > now + 0.5) {
            flow.timer = setTimeout(run, p.due - now);
            return;
          }
          flow.inFlight.shift();
          queued -= p.buf.length;
          if (!onForward(p.buf)) {
            flow.stopped = true;
            flow.inFlight.length = 0;
            return;
          }
        }
        if (queued < 32 * 1024 && src.isPaused()) src.resume();
      };
      run();
    };
    src.on('data', (chunk) => {
      const ready = Math.max(performance.now(), notBefore);
      for (let i = 0; i < chunk.length; i += PIECE) ln.add({ buf: chunk.subarray(i, i + PIECE), ready, flow });
      queued += chunk.length;
      if (queued > 64 * 1024) src.pause();
    });
    return flow;
  }

  const server = net.createServer((client) => {
    const index = stats.connections++;
    const cutAt = opts.cut ? opts.cut(index) : null;
    let up = 0;
    let dead = false;
    const flows = [];
    const upstream = net.connect(opts.target.port, opts.target.host);
    sockets.add(client);
    sockets.add(upstream);
    const kill = () => {
      if (dead) return;
      dead = true;
      for (const f of flows) f.stopped = true; // what it still had queued no longer takes the lane
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', kill);
    upstream.on('error', kill);
    client.on('close', () => setTimeout(kill, opts.latencyMs + 5));
    upstream.on('close', () => setTimeout(kill, opts.latencyMs + 5));
    flows.push(shape(client, lanes.up, (piece) => {
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
    }, opts.handshake ? performance.now() + 2 * opts.latencyMs : 0));
    flows.push(shape(upstream, lanes.down, (piece) => {
      if (dead) return false;
      stats.bytesDown += piece.length;
      client.write(piece);
      return true;
    }));
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
