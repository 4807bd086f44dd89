import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startupFailure } from '../../../main/core/startup-failure.js';
import { encryptFile } from '../../../main/db/encrypt.js';
import { generateRawKey } from '../../../main/db/keys/db-key.js';
import { latestVersion } from '../../../main/db/migrate.js';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';

/** The error opening the store really throws. */
function openError(dir: string, key?: ReturnType<typeof generateRawKey>): unknown {
  try {
    openStore(dir, key ? { key } : {}).close();
  } catch (err) {
    return err;
  }
  throw new Error('the store opened');
}

describe('what the desktop shell says when the core cannot start', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('a wrong key, no key, a newer schema, a file that is no database: each its own Bahasa Indonesia message, the English kept', () => {
    openStore(tmp.dir).close();
    const path = join(tmp.dir, DATABASE_FILE);
    encryptFile(path, generateRawKey('key file /etc/anjungan/a.key'));

    const wrong = startupFailure(openError(tmp.dir, generateRawKey('key file /etc/anjungan/b.key')));
    expect(wrong.title).toBe('Anjungan tidak dapat dibuka');
    expect(wrong.detail).toMatch(/^Kunci basis data salah/);
    expect(wrong.detail).toMatch(/Data yang sudah tersimpan tidak hilang/);
    expect(wrong.technical).toMatch(/wrong database key/);

    expect(startupFailure(openError(tmp.dir)).detail).toMatch(/^Basis data terkunci, tetapi kuncinya tidak ditemukan/);

    const newer = tempDir();
    try {
      openStore(newer.dir).close();
      const db = new Database(join(newer.dir, DATABASE_FILE));
      db.pragma(`user_version = ${latestVersion(MIGRATIONS) + 10}`);
      db.close();
      expect(startupFailure(openError(newer.dir)).detail).toMatch(/versi Anjungan yang lebih baru \(skema \d+; versi ini sampai \d+\)/);
    } finally {
      newer.cleanup();
    }

    const junk = tempDir();
    try {
      writeFileSync(join(junk.dir, DATABASE_FILE), 'bukan basis data '.repeat(400));
      const m = startupFailure(openError(junk.dir));
      expect(m.detail).not.toMatch(/^Terjadi kesalahan/);
      expect(m.technical.length).toBeGreaterThan(0);
    } finally {
      junk.cleanup();
    }
  });

  it('a full disk and a read-only folder by their codes; anything else a general message, never an empty one', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(startupFailure(err('SQLITE_FULL')).detail).toMatch(/^Penyimpanan komputer penuh/);
    expect(startupFailure(err('EROFS')).detail).toMatch(/^Folder data tidak dapat ditulis/);
    expect(startupFailure(new Error('boom')).detail).toMatch(/^Terjadi kesalahan saat memulai/);
    expect(startupFailure('just a string').technical).toBe('just a string');
  });
});
