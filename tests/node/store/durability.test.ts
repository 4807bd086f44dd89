import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';

const CHILD = resolve(import.meta.dirname, '..', '..', 'helpers', 'write-then-wait.mjs');

/** Runs the child, waits for its "stored" line, then kills it with SIGKILL. */
function writeAndKill(dataDir: string): Promise<{ id: string; ok: boolean }> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CHILD, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        child.kill('SIGKILL');
        child.once('exit', (_code, signal) => {
          if (signal !== 'SIGKILL') reject(new Error(`child ended by ${signal}`));
          else done(JSON.parse(line) as { id: string; ok: boolean });
        });
      }
    });
    child.once('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited ${code} before writing: ${err}`));
    });
  });
}

describe('durability', () => {
  it('a submission whose create call returned survives SIGKILL of the process right after', async () => {
    const tmp = tempDir();
    try {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await writeAndKill(tmp.dir);
        expect(r.ok).toBe(true);
        ids.push(r.id);
      }
      const store = openStore(tmp.dir);
      try {
        for (const id of ids) {
          const sub = store.submissions.get(id);
          expect(sub?.payload).toMatchObject({ answers: { keperluan: 'bantuan', jumlahTanggungan: '2' }, applicant: { nik: '3604051208850001' } });
          expect(store.submissions.history(id).map((h) => h.status)).toEqual(['received']);
        }
        expect(store.integrityCheck()).toEqual(['ok']);
        expect(store.path).toBe(join(tmp.dir, 'anjungan.sqlite'));
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});
