import Database from 'better-sqlite3';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubBackend } from '../../../main/hub/backend.js';
import { HUB_MIGRATIONS, type HubMigration } from '../../../main/hub/migrations.js';
import { openHubBackend, openHubStore } from '../../../main/hub/open.js';
import { migrateHub, NewerHubSchemaError } from '../../../main/hub/schema.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from './backends.js';

const LATEST = HUB_MIGRATIONS.at(-1)!.version;
const at = '2026-11-23T09:00:00.000Z';
const B1 = '11111111-1111-4111-8111-111111111111';
const B2 = '22222222-2222-4222-8222-222222222222';
/** A hub file written by the hub before hub_schema existed; see fixtures/README.md. */
const LEGACY_FIXTURE = join(import.meta.dirname, 'fixtures', 'hub-v10.sqlite');

const later: HubMigration = {
  version: LATEST + 10,
  name: 'test-later',
  sql: (d) => `CREATE TABLE later_step (id TEXT PRIMARY KEY, data ${d.blob})${d.tableOptions};`,
};
const broken: HubMigration = { version: LATEST + 10, name: 'test-broken', sql: () => 'CREATE TABLE half_done (id TEXT); THIS IS NOT SQL' };

async function withBackend<T>(target: string, fn: (b: HubBackend) => Promise<T>): Promise<T> {
  const backend = openHubBackend(target);
  try {
    return await fn(backend);
  } finally {
    await backend.close();
  }
}
const recorded = (b: HubBackend): Promise<number> => b.run((q) => q.recordedSchemaVersion());

describe('hub migrations', () => {
  it('are numbered in tens, strictly rising', () => {
    const versions = HUB_MIGRATIONS.map((m) => m.version);
    expect(versions.every((v) => v % 10 === 0)).toBe(true);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
  });

  it('refuses a list out of order before touching the database', async () => {
    const t = tempDir('anjungan-hub-');
    try {
      await withBackend(join(t.dir, 'hub.sqlite'), async (b) => {
        await expect(migrateHub(b, [later, ...HUB_MIGRATIONS])).rejects.toThrow(/does not come after/);
      });
    } finally {
      t.cleanup();
    }
  });
});

for (const backend of BACKENDS) {
  describe(`hub schema (${backend.name})`, () => {
    let target: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const f = await backend.fresh();
      target = f.target;
      cleanup = f.cleanup;
    });
    afterEach(async () => cleanup());

    it('records the version in hub_schema and applies nothing twice', async () => {
      await withBackend(target, async (b) => {
        expect(await migrateHub(b)).toEqual(HUB_MIGRATIONS.map((m) => m.version));
        expect(await migrateHub(b)).toEqual([]);
        expect(await recorded(b)).toBe(LATEST);
      });
    });

    it('applies a later step to a database in use, keeping its data, and this code then refuses it as newer', async () => {
      const store = await openHubStore(target);
      await store.addEnrolmentCode('h1', null, at, '2999-01-01T00:00:00.000Z');
      expect(await store.enrolDevice('dev1', Buffer.alloc(32, 7), null, 'h1', at)).toBe('enrolled');
      await store.close();

      await withBackend(target, async (b) => {
        expect(await migrateHub(b, [...HUB_MIGRATIONS, later])).toEqual([later.version]);
        expect(await recorded(b)).toBe(later.version);
        expect((await b.run((q) => q.selectDevice('dev1')))?.public_key).toEqual(Buffer.alloc(32, 7));
      });

      const refused = await openHubStore(target).then(
        (s) => s.close().then(() => null),
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(NewerHubSchemaError);
      expect((refused as Error).message).toBe(
        `hub database schema version ${later.version} was written by a newer Anjungan (this one supports up to ${LATEST}); ` +
          'refusing to open it. Update Anjungan or point --db at another database.',
      );
      await withBackend(target, async (b) => expect(await recorded(b)).toBe(later.version));
    });

    it('runs pending steps in one transaction: a failing step leaves the database as it was', async () => {
      await withBackend(target, async (b) => {
        await expect(migrateHub(b, [...HUB_MIGRATIONS, broken])).rejects.toThrow();
        // Not even the first step stayed: a clean run applies every step again.
        expect(await migrateHub(b)).toEqual(HUB_MIGRATIONS.map((m) => m.version));
        await expect(migrateHub(b, [...HUB_MIGRATIONS, broken])).rejects.toThrow();
        expect(await recorded(b)).toBe(LATEST);
        await expect(b.run((q) => q.execute('SELECT id FROM half_done'))).rejects.toThrow(/half_done/);
      });
    });
  });
}

describe('hub schema: SQLite files made before hub_schema', () => {
  let tmp: ReturnType<typeof tempDir>;
  let path: string;
  beforeEach(() => {
    tmp = tempDir('anjungan-hub-');
    path = join(tmp.dir, 'hub.sqlite');
  });
  afterEach(() => tmp.cleanup());

  const inspect = <T>(file: string, fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };

  it('opens a file versioned by PRAGMA user_version and keeps all its data', async () => {
    copyFileSync(LEGACY_FIXTURE, path);
    expect(inspect(path, (db) => [db.pragma('user_version', { simple: true }), tableNames(db).includes('hub_schema')])).toEqual([10, false]);

    const store = await openHubStore(path);
    try {
      expect(await store.count()).toBe(2);
      expect((await store.getSubmission('b'))?.attachment).toEqual({ name: 'ktp.jpg', contentType: 'image/jpeg', data: Buffer.from([1, 2, 3]) });
      expect(await store.getDevice('dev-legacy')).toEqual({ id: 'dev-legacy', publicKey: Buffer.alloc(32, 7), label: 'kiosk 1', revoked: false });
      expect((await store.statusSince('dev-legacy', 0, 10)).items.map((i) => [i.id, i.status, i.note])).toEqual([['a', 'processing', 'berkas lengkap']]);
      expect((await store.dueForwards('2999-01-01T00:00:00.000Z', 10)).map((j) => [j.submissionId, j.adapter])).toEqual([
        ['a', 'webhook'],
        ['b', 'webhook'],
      ]);
      const replay = await store.commitBatch({ batchId: B1, deviceId: 'dev-legacy', digest: 'd1', records: [], invalid: [], at, forwardTo: [] });
      expect(replay).toMatchObject({ accepted: ['a', 'b'], rejected: [{ id: 'bad', reason: 'no id' }], replayed: true });
      // The half-finished upload resumes where it stopped.
      expect(await store.appendStaging(B2, 3, Buffer.from('def'))).toBe(6);
      expect((await store.readStaging(B2)).toString()).toBe('abcdef');
      // One enrolment code was used, the other is still good.
      expect(await store.enrolDevice('dev2', Buffer.alloc(32, 8), null, 'code-used', at)).toBe('code_invalid');
      expect(await store.enrolDevice('dev2', Buffer.alloc(32, 8), null, 'code-free', at)).toBe('enrolled');
    } finally {
      await store.close();
    }
    // Now versioned in hub_schema like every hub; user_version follows it.
    // Adopted at 10, then every later step ran on top of it.
    const ALL = HUB_MIGRATIONS.map((m) => m.version);
    expect(inspect(path, (db) => [db.pragma('user_version', { simple: true }), versionsIn(db)])).toEqual([LATEST, ALL]);
    await (await openHubStore(path)).close();
    expect(inspect(path, versionsIn)).toEqual(ALL);
  });

  it('gives an upgraded old file the same tables as a new one', async () => {
    copyFileSync(LEGACY_FIXTURE, path);
    const fresh = join(tmp.dir, 'fresh.sqlite');
    for (const file of [path, fresh]) await (await openHubStore(file)).close();
    expect(inspect(fresh, describeSchema)).toEqual(inspect(path, describeSchema));
    expect(inspect(fresh, (db) => db.pragma('user_version', { simple: true }))).toBe(LATEST);
  });

  it('refuses a file whose user_version is newer, and creates nothing in it', async () => {
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST + 10}`);
    db.close();
    await expect(openHubStore(path)).rejects.toBeInstanceOf(NewerHubSchemaError);
    expect(inspect(path, tableNames)).toEqual([]);
  });

  it('keeps user_version equal to hub_schema, so a hub from before hub_schema refuses a newer file', async () => {
    await withBackend(path, async (b) => {
      await migrateHub(b, [...HUB_MIGRATIONS, later]);
    });
    expect(inspect(path, (db) => [db.pragma('user_version', { simple: true }), versionsIn(db).at(-1)])).toEqual([later.version, later.version]);
  });
});

function tableNames(db: Database.Database): string[] {
  return db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all()
    .map((r) => r.name);
}

function versionsIn(db: Database.Database): number[] {
  return db
    .prepare<[], { version: number }>('SELECT version FROM hub_schema ORDER BY version')
    .all()
    .map((r) => r.version);
}

/** Every table's columns, keys, indexes and strictness: what the DDL made, whatever its spelling. */
function describeSchema(db: Database.Database): unknown {
  return tableNames(db).map((t) => ({
    table: t,
    strict: db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t),
    columns: db.pragma(`table_xinfo(${t})`),
    foreignKeys: db.pragma(`foreign_key_list(${t})`),
    indexes: (db.pragma(`index_list(${t})`) as { name: string }[]).map((i) => ({ ...i, columns: db.pragma(`index_info(${i.name})`) })),
  }));
}

describe('hub migrations: order', () => {
  it('versions rise strictly in the order they are listed (a lower number after a higher one would never run on an existing hub)', () => {
    const versions = HUB_MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
  });
});
