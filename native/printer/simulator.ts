import { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { PrinterStatus } from '../../shared/devices/state.js';
import { silentLogger, type NativeLogger } from '../logger.js';
import { EscPosInterpreter, type PrintedReceipt } from './interpreter.js';
import { receiptToPng, receiptToText } from './render.js';
import { encodeStatusByte } from './status.js';

export interface SimPrinterState {
  paper: 'ok' | 'near-end' | 'out';
  cover: 'closed' | 'open';
  online: boolean;
}

export interface SimReceipt {
  index: number;
  text: string;
  qr: string[];
  raw: Buffer;
  txtPath: string;
  pngPath: string;
}

export interface PrinterSimEvents {
  receipt: [SimReceipt];
  /** A connection closed with part of a receipt: that paper would be torn off and thrown away. */
  partial: [{ bytes: number }];
}

/**
 * A receipt printer that accepts ESC/POS over TCP (raw 9100 style) and/or a serial pty, answers
 * DLE EOT from a settable state, and renders every cut receipt to <outDir>/receipt-NNNN.txt/.png.
 */
export class PrinterSimulator extends EventEmitter<PrinterSimEvents> {
  readonly receipts: SimReceipt[] = [];
  private state: SimPrinterState = { paper: 'ok', cover: 'closed', online: true };
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private serial: SerialPort | null = null;
  private dropAfter: number | null = null;
  private readonly log: NativeLogger;

  constructor(
    readonly outDir: string,
    readonly columns: 32 | 48 = 48,
    opts: { log?: NativeLogger } = {},
  ) {
    super();
    this.log = opts.log ?? silentLogger;
    mkdirSync(outDir, { recursive: true });
  }

  get status(): PrinterStatus {
    const s = this.state;
    return {
      online: s.online && s.cover === 'closed' && s.paper !== 'out',
      coverOpen: s.cover === 'open',
      paperEnd: s.paper === 'out',
      paperNearEnd: s.paper === 'near-end',
      error: false,
    };
  }

  get simState(): SimPrinterState {
    return { ...this.state };
  }

  setState(patch: Partial<SimPrinterState>): void {
    this.state = { ...this.state, ...patch };
    this.log.info('sim printer: state', { ...this.state });
  }

  /** The next connection is cut after it has sent `bytes` bytes (a cable pulled mid-job). */
  dropNextConnectionAfter(bytes: number): void {
    this.dropAfter = bytes;
  }

  async listenTcp(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = createServer((socket) => this.onSocket(socket));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const addr = server.address();
    const bound = typeof addr === 'object' && addr ? addr.port : port;
    this.log.info('sim printer: listening', { tcp: `${host}:${bound}` });
    return bound;
  }

  async attachSerial(path: string): Promise<void> {
    const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    this.serial = port;
    const interp = this.interpreter((b) => port.write(b));
    port.on('data', (chunk: Buffer) => interp.push(chunk));
    port.on('error', () => undefined);
    this.log.info('sim printer: listening', { serial: path });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((done) => server.close(() => done()));
    const serial = this.serial;
    this.serial = null;
    if (serial?.isOpen) await new Promise<void>((done) => serial.close(() => done()));
  }

  private onSocket(socket: Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    const interp = this.interpreter((b) => socket.write(b));
    let limit = this.dropAfter;
    this.dropAfter = null;
    let seen = 0;
    socket.on('data', (chunk: Buffer) => {
      if (limit !== null && seen + chunk.length >= limit) {
        interp.push(chunk.subarray(0, Math.max(0, limit - seen)));
        limit = null;
        this.log.warn('sim printer: dropping the connection mid-job (scripted fault)');
        socket.destroy();
        return;
      }
      seen += chunk.length;
      interp.push(chunk);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (interp.midReceipt) this.emit('partial', { bytes: seen });
    });
  }

  private interpreter(reply: (b: Buffer) => void): EscPosInterpreter {
    return new EscPosInterpreter({
      status: (n) => reply(Buffer.from([encodeStatusByte(n, this.status)])),
      receipt: (r) => this.onReceipt(r),
    });
  }

  private onReceipt(r: PrintedReceipt): void {
    if (!this.status.online) {
      // A stopped printer prints nothing; the driver must not have sent this.
      this.log.warn('sim printer: job received while not ready; nothing printed', { ...this.state });
      return;
    }
    const index = this.receipts.length + 1;
    const base = join(this.outDir, `receipt-${String(index).padStart(4, '0')}`);
    const text = receiptToText(r.lines, this.columns);
    writeFileSync(`${base}.txt`, `${text}\n`);
    writeFileSync(`${base}.png`, receiptToPng(r.lines, this.columns));
    const receipt: SimReceipt = {
      index,
      text,
      qr: r.lines.flatMap((l) => (l.kind === 'qr' ? [l.data] : [])),
      raw: r.raw,
      txtPath: `${base}.txt`,
      pngPath: `${base}.png`,
    };
    this.receipts.push(receipt);
    this.log.info('sim printer: receipt printed', { index, png: receipt.pngPath });
    this.emit('receipt', receipt);
  }
}
