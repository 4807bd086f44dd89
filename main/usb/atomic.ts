import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Writes FILE so that a stick pulled at any moment leaves either the old file or the new one:
 * a temp file beside it, written and fsynced, renamed over FILE, then the folder fsynced.
 * On any failure (a full stick) the temp file is removed and the old FILE is untouched.
 */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  let fd: number | null = openSync(tmp, 'wx', 0o600);
  try {
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, Math.min(1 << 20, buf.length - off));
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}

/** fsync a folder, so a rename in it survives a pulled stick or a power cut. */
export function syncDir(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems (FAT on a stick under Windows) cannot fsync a folder; the file's own fsync stands.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** The same, for a large file produced a piece at a time (a release installer read from the hub's database). */
export async function writeFileAtomicFrom(file: string, pieces: AsyncIterable<Buffer>): Promise<void> {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | null = openSync(tmp, 'wx', 0o600);
  try {
    for await (const buf of pieces) {
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, file);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDir(dir);
}
