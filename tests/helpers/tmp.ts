import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the OS temp dir, removed by the returned cleanup (with `<dir>-keys`, where tests keep database key files). */
export function tempDir(prefix = 'anjungan-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(`${dir}-keys`, { recursive: true, force: true });
    },
  };
}
