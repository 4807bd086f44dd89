import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where letter PDFs are kept: <data>/letters/<year>/<number as a file name>.pdf, private to the
 * service user (folders 0700, files 0600). Written to a temporary name and renamed, so a crash
 * leaves either the whole file or none (a missing file is regenerated from the letter record).
 */
export class LetterFiles {
  constructor(readonly root: string) {}

  pathOf(year: number, fileName: string): string {
    return join(this.root, String(year), fileName);
  }

  exists(year: number, fileName: string): boolean {
    return existsSync(this.pathOf(year, fileName));
  }

  read(year: number, fileName: string): Buffer {
    return readFileSync(this.pathOf(year, fileName));
  }

  write(year: number, fileName: string, bytes: Buffer): string {
    const dir = join(this.root, String(year));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(this.root, 0o700);
    chmodSync(dir, 0o700);
    const path = join(dir, fileName);
    const tmp = `${path}.tmp-${process.pid}`;
    writeFileSync(tmp, bytes, { mode: 0o600 });
    renameSync(tmp, path);
    return path;
  }

  /** Half-written temporary files of a process that was killed mid-write. */
  removeStale(): number {
    if (!existsSync(this.root)) return 0;
    let n = 0;
    for (const year of readdirSync(this.root)) {
      const dir = join(this.root, year);
      if (!/^\d{4}$/.test(year)) continue;
      for (const name of readdirSync(dir)) {
        if (!name.includes('.pdf.tmp-')) continue;
        rmSync(join(dir, name), { force: true });
        n++;
      }
    }
    return n;
  }
}
