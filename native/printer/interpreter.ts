/**
 * An ESC/POS byte-stream interpreter for the printer simulator: enough of the EPSON command set
 * to rebuild what a receipt looks like (text with alignment, bold and size; native QR codes; feeds;
 * cut) and to answer DLE EOT status queries in real time. Unknown commands are skipped by their
 * usual length, so a stream never wedges it.
 */
export type Align = 'left' | 'center' | 'right';
export type PrintedLine =
  | { kind: 'text'; text: string; align: Align; bold: boolean; w: number; h: number }
  | { kind: 'qr'; data: string; module: number; ec: 'L' | 'M' | 'Q' | 'H'; align: Align };

export interface PrintedReceipt {
  lines: PrintedLine[];
  /** Every byte of the receipt except status queries, from its first byte to the cut. */
  raw: Buffer;
}

export interface InterpreterHooks {
  /** DLE EOT n: must answer one byte at once. */
  status(n: number): void;
  receipt(r: PrintedReceipt): void;
}

const EC = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' } as const;

export class EscPosInterpreter {
  private buf = Buffer.alloc(0);
  private raw: Buffer[] = [];
  private lines: PrintedLine[] = [];
  private line = '';
  private align: Align = 'left';
  private bold = false;
  private w = 1;
  private h = 1;
  private qr = { data: '', module: 3, ec: 'L' as 'L' | 'M' | 'Q' | 'H' };

  constructor(private readonly hooks: InterpreterHooks) {}

  /** True when bytes of an unfinished receipt are held (lost if the connection drops now). */
  get midReceipt(): boolean {
    return this.raw.length > 0 || this.buf.length > 0;
  }

  push(chunk: Buffer): void {
    this.buf = Buffer.concat([this.buf, chunk]);
    for (;;) {
      const used = this.step(this.buf);
      if (used === 0) break;
      this.buf = this.buf.subarray(used);
    }
  }

  private resetMode(): void {
    this.align = 'left';
    this.bold = false;
    this.w = 1;
    this.h = 1;
  }

  private flushLine(): void {
    this.lines.push({ kind: 'text', text: this.line, align: this.align, bold: this.bold, w: this.w, h: this.h });
    this.line = '';
  }

  private keep(bytes: Buffer): void {
    this.raw.push(Buffer.from(bytes));
  }

  /** Handles one command at the start of `b`; returns bytes consumed, 0 when more are needed. */
  private step(b: Buffer): number {
    if (b.length === 0) return 0;
    const c = b[0]!;
    if (c === 0x10) {
      if (b.length < 3) return 0;
      if (b[1] === 0x04) {
        this.hooks.status(b[2]!);
        return 3;
      }
      this.keep(b.subarray(0, 3));
      return 3;
    }
    if (c === 0x1b) return this.esc(b);
    if (c === 0x1d) return this.gs(b);
    if (c === 0x1c) {
      if (b.length < 2) return 0;
      const n = b[1] === 0x70 ? 4 : 2;
      if (b.length < n) return 0;
      this.keep(b.subarray(0, n));
      return n;
    }
    this.keep(b.subarray(0, 1));
    if (c === 0x0a) this.flushLine();
    else if (c === 0x09) this.line += '    ';
    else if (c >= 0x20 && c < 0x7f) this.line += String.fromCharCode(c);
    else if (c >= 0x80) this.line += '?';
    return 1;
  }

  private esc(b: Buffer): number {
    if (b.length < 2) return 0;
    const op = b[1]!;
    const two = [0x40, 0x32, 0x3c];
    const four = [0x42];
    const five = [0x70];
    let n = two.includes(op) ? 2 : four.includes(op) ? 4 : five.includes(op) ? 5 : 3;
    if (op === 0x44) {
      const end = b.indexOf(0, 2); // ESC D tab list ends with NUL
      if (end < 0) return 0;
      n = end + 1;
    }
    if (b.length < n) return 0;
    const arg = b[2] ?? 0;
    this.keep(b.subarray(0, n));
    switch (op) {
      case 0x40:
        this.resetMode();
        break;
      case 0x61:
        this.align = (['left', 'center', 'right'] as const)[arg % 48] ?? 'left';
        break;
      case 0x45:
        this.bold = (arg & 1) === 1;
        break;
      case 0x21:
        this.bold = (arg & 0x08) !== 0;
        this.h = arg & 0x10 ? 2 : 1;
        this.w = arg & 0x20 ? 2 : 1;
        break;
      case 0x64:
        if (this.line) this.flushLine();
        for (let i = 0; i < arg; i++) this.flushLine();
        break;
    }
    return n;
  }

  private gs(b: Buffer): number {
    if (b.length < 2) return 0;
    const op = b[1]!;
    if (op === 0x28) {
      if (b.length < 5) return 0;
      const len = b[3]! + b[4]! * 256;
      const n = 5 + len;
      if (b.length < n) return 0;
      this.keep(b.subarray(0, n));
      if (b[2] === 0x6b) this.qrCommand(b.subarray(5, n));
      return n;
    }
    if (op === 0x56) {
      if (b.length < 3) return 0;
      const n = b[2] === 65 || b[2] === 66 ? 4 : 3;
      if (b.length < n) return 0;
      this.keep(b.subarray(0, n));
      this.cut();
      return n;
    }
    if (op === 0x76 && b[2] === 0x30) {
      if (b.length < 8) return 0;
      const n = 8 + (b[4]! + b[5]! * 256) * (b[6]! + b[7]! * 256);
      if (b.length < n) return 0;
      this.keep(b.subarray(0, n));
      return n;
    }
    const n = op === 0x4c || op === 0x57 ? 4 : 3;
    if (b.length < n) return 0;
    this.keep(b.subarray(0, n));
    if (op === 0x21) {
      this.w = ((b[2]! >> 4) & 7) + 1;
      this.h = (b[2]! & 7) + 1;
    }
    return n;
  }

  /** GS ( k with cn = 49 (QR): 65 model, 67 module size, 69 error correction, 80 store, 81 print. */
  private qrCommand(body: Buffer): void {
    if (body[0] !== 49) return;
    const fn = body[1];
    if (fn === 67) this.qr.module = Math.max(1, Math.min(16, body[2] ?? 3));
    else if (fn === 69) this.qr.ec = EC[(body[2] ?? 48) as keyof typeof EC] ?? 'L';
    else if (fn === 80) this.qr.data = body.subarray(3).toString('latin1');
    else if (fn === 81) {
      if (this.line) this.flushLine();
      this.lines.push({ kind: 'qr', data: this.qr.data, module: this.qr.module, ec: this.qr.ec, align: this.align });
    }
  }

  private cut(): void {
    if (this.line) this.flushLine();
    const receipt = { lines: this.lines, raw: Buffer.concat(this.raw) };
    this.lines = [];
    this.raw = [];
    this.hooks.receipt(receipt);
  }
}
