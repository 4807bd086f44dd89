import { connect, type Socket } from 'node:net';
import { SerialPort } from 'serialport';

/** A byte pipe to a printer with request/answer reads: TCP raw port 9100 or a serial port. */
export interface PrinterLink {
  write(bytes: Uint8Array): Promise<void>;
  /** Exactly n bytes, or rejects on timeout / close. */
  read(n: number, timeoutMs: number): Promise<Buffer>;
  close(): Promise<void>;
}

export class LinkClosed extends Error {
  constructor(message = 'printer connection closed') {
    super(message);
    this.name = 'LinkClosed';
  }
}
export class LinkTimeout extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkTimeout';
  }
}

export type PrinterAddress = { kind: 'tcp'; host: string; port: number } | { kind: 'serial'; path: string; baudRate: number };

/** `tcp://192.168.1.50:9100`, `serial:/dev/ttyUSB0` or `serial:/dev/ttyUSB0?baud=9600`. */
export function parsePrinterAddress(uri: string): PrinterAddress {
  const tcp = /^tcp:\/\/([^:/]+)(?::(\d+))?\/?$/.exec(uri);
  if (tcp) {
    const port = tcp[2] ? Number(tcp[2]) : 9100;
    if (port < 1 || port > 65535) throw new Error(`bad printer port in ${uri}`);
    return { kind: 'tcp', host: tcp[1]!, port };
  }
  const serial = /^serial:([^?]+)(?:\?baud=(\d+))?$/.exec(uri);
  if (serial) return { kind: 'serial', path: serial[1]!, baudRate: serial[2] ? Number(serial[2]) : 115200 };
  throw new Error(`printer address must be tcp://host:port or serial:/dev/ttyX, got "${uri}"`);
}

/** Buffers incoming bytes and hands them to read() calls in order. */
class Inbox {
  private buf = Buffer.alloc(0);
  private waiter: { n: number; resolve: (b: Buffer) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | null = null;
  private closedWith: Error | null = null;

  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    this.settle();
  }

  fail(err: Error): void {
    this.closedWith ??= err;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      clearTimeout(w.timer);
      w.reject(err);
    }
  }

  read(n: number, timeoutMs: number): Promise<Buffer> {
    if (this.waiter) return Promise.reject(new Error('one read at a time'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        reject(new LinkTimeout(`printer did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiter = { n, resolve, reject, timer };
      this.settle();
    });
  }

  private settle(): void {
    const w = this.waiter;
    if (!w) return;
    if (this.buf.length >= w.n) {
      this.waiter = null;
      clearTimeout(w.timer);
      const out = this.buf.subarray(0, w.n);
      this.buf = this.buf.subarray(w.n);
      w.resolve(Buffer.from(out));
    } else if (this.closedWith) this.fail(this.closedWith);
  }
}

export function openTcpLink(host: string, port: number, timeoutMs: number): Promise<PrinterLink> {
  return new Promise((resolve, reject) => {
    const inbox = new Inbox();
    const socket: Socket = connect({ host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new LinkTimeout(`no TCP connection to ${host}:${port} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('error', (err) => {
      clearTimeout(timer);
      inbox.fail(new LinkClosed(err.message));
      reject(err);
    });
    socket.on('data', (c: Buffer) => inbox.push(c));
    socket.on('close', () => inbox.fail(new LinkClosed()));
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.on('error', () => undefined); // reported through close → LinkClosed
      resolve({
        write: (bytes) =>
          new Promise((done, fail) => {
            if (socket.destroyed) return fail(new LinkClosed());
            socket.write(bytes, (err) => (err ? fail(new LinkClosed(err.message)) : done()));
          }),
        read: (n, t) => inbox.read(n, t),
        close: () =>
          new Promise((done) => {
            if (socket.destroyed) return done();
            socket.once('close', () => done());
            socket.end();
            setTimeout(() => socket.destroy(), 500).unref();
          }),
      });
    });
  });
}

export function openSerialLink(path: string, baudRate: number): Promise<PrinterLink> {
  return new Promise((resolve, reject) => {
    const inbox = new Inbox();
    const port = new SerialPort({ path, baudRate, autoOpen: false });
    port.open((err) => {
      if (err) return reject(err);
      port.on('data', (c: Buffer) => inbox.push(c));
      port.on('error', () => undefined);
      port.on('close', () => inbox.fail(new LinkClosed('serial port closed')));
      resolve({
        write: (bytes) =>
          new Promise((done, fail) => {
            // drain: the bytes have left our buffer before we ask for the status.
            port.write(Buffer.from(bytes), (e) => (e ? fail(new LinkClosed(e.message)) : port.drain((e2) => (e2 ? fail(new LinkClosed(e2.message)) : done()))));
          }),
        read: (n, t) => inbox.read(n, t),
        close: () => new Promise((done) => (port.isOpen ? port.close(() => done()) : done())),
      });
    });
  });
}

export function openLink(addr: PrinterAddress, timeoutMs: number): Promise<PrinterLink> {
  return addr.kind === 'tcp' ? openTcpLink(addr.host, addr.port, timeoutMs) : openSerialLink(addr.path, addr.baudRate);
}
