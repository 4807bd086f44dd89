import { chmodSync, lstatSync, unlinkSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { silentLogger, type NativeLogger } from '../logger.js';
import { pumpLines, type ControlHandler } from './lines.js';

/** Longest path a Unix-domain socket address holds on Linux (sun_path is 108 bytes with the NUL). */
export const MAX_SOCKET_PATH = 107;

/**
 * A Unix-domain socket that speaks the control line protocol (./lines.ts) to any number of
 * clients (`socat - UNIX-CONNECT:PATH`, a test). Owner-only (0600): it can fake cards and
 * printer faults. A socket file left by a killed process is replaced; a live one is not.
 */
export class ControlSocket {
  private readonly clients = new Set<Socket>();

  private constructor(
    readonly path: string,
    private readonly server: Server,
  ) {}

  static async listen(path: string, handler: ControlHandler, opts: { onQuit: () => void; log?: NativeLogger }): Promise<ControlSocket> {
    const log = opts.log ?? silentLogger;
    if (Buffer.byteLength(path) > MAX_SOCKET_PATH) throw new Error(`control socket path is longer than ${MAX_SOCKET_PATH} bytes: ${path}`);
    await removeStale(path, log);
    const server = createServer();
    const control = new ControlSocket(path, server);
    server.on('connection', (client) => control.serve(client, handler, opts.onQuit));
    // bind() runs inside listen(): the umask makes the file 0600 from its first moment.
    const umask = process.umask(0o177);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => {
          server.off('error', reject);
          resolve();
        });
      });
    } finally {
      process.umask(umask);
    }
    chmodSync(path, 0o600);
    server.on('error', (err) => log.warn('control socket error', { path, error: err.message }));
    log.info('control socket listening', { path });
    return control;
  }

  /** Stops listening (libuv unlinks the socket file) and lets connected clients read their last answer. */
  async close(): Promise<void> {
    const closed = new Promise<void>((done) => this.server.close(() => done()));
    for (const client of this.clients) {
      client.end();
      setTimeout(() => client.destroy(), 500).unref();
    }
    await closed;
  }

  private serve(client: Socket, handler: ControlHandler, onQuit: () => void): void {
    this.clients.add(client);
    client.on('error', () => undefined);
    client.on('close', () => this.clients.delete(client));
    pumpLines(client, (reply) => client.writable && client.write(reply), handler, onQuit);
  }
}

async function removeStale(path: string, log: NativeLogger): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return; // nothing there
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket; not replacing it`);
  const probe = await probeSocket(path);
  if (probe === 'live') throw new Error(`another process is listening on the control socket ${path}`);
  // Only a refused connection proves the file is stale; anything else (EACCES...) is not ours to remove.
  if (probe !== 'ECONNREFUSED') throw new Error(`cannot tell whether ${path} is in use (${probe}); not replacing it`);
  unlinkSync(path);
  log.info('removed a stale control socket', { path });
}

/** 'live' when a process accepts connections on `path`, else the connect error code. */
function probeSocket(path: string): Promise<string> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve('live');
    });
    probe.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}
