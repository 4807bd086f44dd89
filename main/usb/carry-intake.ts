import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CarryHead, MAX_CARRY_BYTES, MAX_CARRY_HEAD_BYTES, type CarryAnswer } from '../../shared/usb/carry.js';
import { ANSWER_FILE, HUB_FILE, Manifest, MANIFEST_FILE, STICK_ROOT } from '../../shared/usb/format.js';
import { importStick, type HubImportOptions } from './hub-import.js';
import { deviceDir, peekSignedDoc } from './stick.js';

/** A carry request that cannot be taken as sent (the relay's copy is short, altered or malformed): nothing of it was stored. */
export class CarryError extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: 'bad_request' | 'too_large' | 'digest_mismatch',
    message: string,
  ) {
    super(message);
    this.name = 'CarryError';
  }
}

/** Exact byte counts out of a request stream. */
export class ByteReader {
  private readonly it: AsyncIterator<Buffer>;
  private left: Buffer = Buffer.alloc(0);
  constructor(src: AsyncIterable<Buffer>) {
    this.it = src[Symbol.asyncIterator]();
  }
  /** Up to `n` bytes (fewer only at the end of the stream), handed to `take` piece by piece. */
  async pipe(n: number, take: (b: Buffer) => void): Promise<number> {
    let got = 0;
    while (got < n) {
      if (this.left.length === 0) {
        const r = await this.it.next();
        if (r.done) break;
        this.left = r.value;
      }
      const piece = this.left.subarray(0, n - got);
      this.left = this.left.subarray(piece.length);
      take(piece);
      got += piece.length;
    }
    return got;
  }
  async exact(n: number, what: string): Promise<Buffer> {
    const parts: Buffer[] = [];
    const got = await this.pipe(n, (b) => parts.push(b));
    if (got < n) throw new CarryError(400, 'bad_request', `the request ends inside ${what}`);
    return Buffer.concat(parts);
  }
  /** True when nothing follows. */
  async atEnd(): Promise<boolean> {
    return (await this.pipe(1, () => undefined)) === 0;
  }
}

/** The head of a carry request (before any part is read): its parsed form and the SHA-256 of its bytes, which the relay signed. */
export async function readCarryHead(r: ByteReader): Promise<{ head: CarryHead; sha256: string }> {
  const len = (await r.exact(4, 'the head length')).readUInt32BE(0);
  if (len === 0 || len > MAX_CARRY_HEAD_BYTES) throw new CarryError(400, 'bad_request', `a carry head of ${len} bytes (1 to ${MAX_CARRY_HEAD_BYTES} allowed)`);
  const raw = await r.exact(len, 'the head');
  let head;
  try {
    head = CarryHead.safeParse(JSON.parse(raw.toString('utf8')));
  } catch {
    throw new CarryError(400, 'bad_request', 'the carry head is not JSON');
  }
  if (!head.success) throw new CarryError(400, 'bad_request', `the carry head is malformed: ${head.error.issues[0]?.message ?? 'invalid'}`);
  const total = head.data.parts.reduce((n, p) => n + p.size, 0);
  if (total > MAX_CARRY_BYTES) throw new CarryError(413, 'too_large', `an export of ${total} bytes is over the ${MAX_CARRY_BYTES} one request may carry`);
  return { head: head.data, sha256: createHash('sha256').update(raw).digest('hex') };
}

/** Names of the folders a carry is laid out in (mkdtemp, 0700), so a restarted hub knows its own leftovers. */
export const CARRY_SPOOL_PREFIX = 'anjungan-carry-';

/**
 * The rest of a carry request, laid out as the stick was (a private temporary folder), then the
 * very import `hub usb-import` runs (main/usb/hub-import.ts: device and batch signatures, digests,
 * caps, the idempotent commit, channel 'usb'). Answers the files it wrote for the device.
 * A part whose bytes differ from its digest refuses the whole request before anything is imported.
 */
export async function intakeCarry(r: ByteReader, head: CarryHead, o: Omit<HubImportOptions, 'from' | 'withRelease' | 'onProgress'>, spoolDir: string): Promise<CarryAnswer> {
  const stick = mkdtempSync(join(spoolDir, CARRY_SPOOL_PREFIX));
  try {
    const dir = deviceDir(stick, head.deviceId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const p of head.parts) await receivePart(r, join(dir, p.name), p);
    if (!(await r.atEnd())) throw new CarryError(400, 'bad_request', 'bytes follow the last part the head names');
    const m = Manifest.safeParse(peekSignedDoc(readFileSync(join(dir, MANIFEST_FILE))));
    if (!m.success || m.data.exportId !== head.exportId || m.data.deviceId !== head.deviceId) throw new CarryError(400, 'bad_request', 'the manifest carried is not the export the head names');
    const got = await importStick({ ...o, from: stick, withRelease: false });
    const d = got.devices.find((x) => x.deviceId === head.deviceId);
    if (!d) throw new CarryError(400, 'bad_request', `no device folder ${head.deviceId} to import`);
    const answerFile = join(dir, ANSWER_FILE);
    return {
      deviceId: head.deviceId,
      exportId: head.exportId,
      refused: d.error,
      answer: d.error === null && existsSync(answerFile) ? readFileSync(answerFile, 'utf8') : null,
      hubFile: readFileSync(join(stick, STICK_ROOT, HUB_FILE), 'utf8'),
      outcome: { accepted: d.accepted, duplicate: d.duplicate, rejected: d.rejected, replayed: d.replayed, failed: d.failed, statuses: d.statuses, catalogue: d.catalogue },
    };
  } finally {
    rmSync(stick, { recursive: true, force: true });
  }
}

async function receivePart(r: ByteReader, path: string, p: CarryHead['parts'][number]): Promise<void> {
  const hash = createHash('sha256');
  const fd = openSync(path, 'wx', 0o600);
  let got: number;
  try {
    got = await r.pipe(p.size, (b) => {
      hash.update(b);
      let off = 0;
      while (off < b.length) off += writeSync(fd, b, off, b.length - off);
    });
  } finally {
    closeSync(fd);
  }
  if (got < p.size) throw new CarryError(400, 'bad_request', `the request ends inside ${p.name} (${got} of ${p.size} bytes)`);
  if (hash.digest('hex') !== p.sha256) throw new CarryError(400, 'digest_mismatch', `${p.name} does not match its digest in the carry head`);
}
