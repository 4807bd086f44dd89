import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { latestVersion, migrate, NewerDatabaseError, schemaVersion } from '../../../main/db/migrate.js';
import type { Migration } from '../../../main/db/migration.js';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { CANDIDATES_SQL } from '../../../main/db/queries/privacy.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { requestOf } from '../../../shared/domain/request.js';
import { tempDir } from '../../helpers/tmp.js';

describe('migrations', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('are numbered in tens, strictly rising', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions.every((v) => v % 10 === 0)).toBe(true);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
  });

  it('bring an empty file to the latest version with WAL, synchronous=FULL, foreign keys and STRICT tables', () => {
    const path = join(tmp.dir, DATABASE_FILE);
    const db = openDatabase(path, { migrations: MIGRATIONS });
    expect(schemaVersion(db)).toBe(latestVersion(MIGRATIONS));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db
      .prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'")
      .all();
    expect(tables.length).toBeGreaterThan(0);
    expect(tables.filter((t) => t.strict !== 1)).toEqual([]);
    db.close();
    const store = openStore(tmp.dir);
    expect(store.schemaVersion()).toBe(latestVersion(MIGRATIONS));
    store.close();
  });

  it('run all pending steps in one transaction: a failing step leaves the file as it was', () => {
    const path = join(tmp.dir, 'x.sqlite');
    const good: Migration = { version: 10, name: 'a', up: (db) => db.exec('CREATE TABLE a (x INTEGER) STRICT') };
    const bad: Migration = { version: 20, name: 'b', up: (db) => db.exec('CREATE TABLE b (x INTEGER) STRICT; SELECT nonsense FROM nowhere') };
    const db = new Database(path);
    expect(() => migrate(db, [good, bad])).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name IN ('a', 'b')").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuse a database written by a newer Anjungan, with a clear error, leaving the file byte-identical', () => {
    const path = join(tmp.dir, DATABASE_FILE);
    openStore(tmp.dir).close();
    const db = new Database(path);
    db.pragma('journal_mode = DELETE');
    db.pragma(`user_version = ${latestVersion(MIGRATIONS) + 990}`);
    db.close();
    const before = readFileSync(path);
    let error: unknown;
    try {
      openStore(tmp.dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect(String(error)).toMatch(/newer Anjungan/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('refuse to run when the list itself is out of order', () => {
    const db = new Database(':memory:');
    const m = (version: number): Migration => ({ version, name: String(version), up: () => {} });
    expect(() => migrate(db, [m(20), m(10)])).toThrow(/does not come after/);
    db.close();
  });
});

describe('migration 0010-initial', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('creates device, settings, submissions with history and outbox, daily sequences and the audit log', () => {
    const db = openDatabase(join(tmp.dir, 'a.sqlite'), { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const names = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['audit_log', 'daily_sequence', 'device', 'outbox', 'settings', 'submission_status', 'submissions']));
    expect(schemaVersion(db)).toBe(10);
    db.close();
  });

  it('enforces its constraints: status values, JSON payloads, one device row, outbox needs its submission', () => {
    const db = openDatabase(join(tmp.dir, 'b.sqlite'), { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const insert = db.prepare(
      'INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)',
    );
    expect(() => insert.run('a', 'r1', 't1', 's', '{}', 'lost', 'now', 'now')).toThrow(/CHECK/);
    expect(() => insert.run('a', 'r1', 't1', 's', 'not json', 'received', 'now', 'now')).toThrow(/CHECK/);
    expect(() => insert.run('a', 'r1', 't1', 's', '{}', 'received', 'now', 'now')).not.toThrow();
    expect(() => insert.run('b', 'r1', 't2', 's', '{}', 'received', 'now', 'now')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO outbox (submission_id, state, created_at) VALUES ('nope', 'pending', 'now')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO device (singleton, device_id, created_at) VALUES (1, 'x', 'now')").run();
    expect(() => db.prepare("INSERT INTO device (singleton, device_id, created_at) VALUES (2, 'y', 'now')").run()).toThrow(/CHECK/);
    expect(() => db.prepare('INSERT INTO submissions (id) VALUES (1)').run()).toThrow();
    db.close();
  });

  it('uses the index when listing newest first (EXPLAIN QUERY PLAN)', () => {
    const db = openDatabase(join(tmp.dir, 'c.sqlite'), { migrations: MIGRATIONS.filter((m) => m.version <= 10) });
    const plan = db.prepare('EXPLAIN QUERY PLAN SELECT id FROM submissions ORDER BY created_at DESC LIMIT 50').all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/submissions_by_created/);
    db.close();
  });
});

describe('migration 0050-request-model', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('turns an old kiosk payload and its kiosk_submission row into one stored request; other payloads stay as they were', () => {
    const path = join(tmp.dir, DATABASE_FILE);
    const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 40) });
    const insert = db.prepare(
      "INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, 'received', 'now', 'now')",
    );
    const old = { pemohon: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT', source: 'card' }, jawaban: { keperluan: 'kerja' }, persyaratanDibawa: ['pengantar-rt'] };
    insert.run('k1', 'r1', 't1', 'surat-domisili', JSON.stringify(old));
    insert.run('i1', 'r2', 't2', 'import', JSON.stringify({ id: 'i1', anything: [1, 2] }));
    db.prepare(
      "INSERT INTO kiosk_submission (submission_id, queue_no, queue_day, consent_accepted, consent_version, consent_at, identity_source) VALUES ('k1', 'B-007', '261123', 1, 'pdp-2026-01', '2026-11-23T02:30:00.000Z', 'card')",
    ).run();
    db.close();

    const store = openStore(tmp.dir);
    try {
      expect(requestOf(store.submissions.get('k1')!.payload)).toEqual({
        applicant: old.pemohon,
        answers: { keperluan: 'kerja' },
        requirementsChecked: ['pengantar-rt'],
        consent: { accepted: true, statementVersion: 'pdp-2026-01', at: '2026-11-23T02:30:00.000Z' },
        channel: 'kiosk',
        operator: null,
        queueNo: 'B-007',
      });
      expect(store.submissions.get('i1')!.payload).toEqual({ id: 'i1', anything: [1, 2] });
    } finally {
      store.close();
    }
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'kiosk_submission'").get()).toEqual({ n: 0 });
    after.close();
  });
});

describe('migration 0060-accounts-audit', () => {
  it('chains the audit rows written before it, in order, and adds the users table', () => {
    const tmp = tempDir();
    try {
      const db = openDatabase(join(tmp.dir, DATABASE_FILE), { migrations: MIGRATIONS.filter((m) => m.version <= 50) });
      const insert = db.prepare("INSERT INTO audit_log (at, actor, action, subject, detail) VALUES ('2026-11-23T01:00:00Z', 'host', ?, NULL, ?)");
      insert.run('submission.create', JSON.stringify({ serviceId: 'sku' }));
      insert.run('settings.update', null);
      db.close();
      const store = openStore(tmp.dir);
      try {
        expect(store.audit.verifyChain()).toEqual({ rows: 2, ok: true, problem: null });
        store.audit.append('admin:kades', 'user.add', 'u1');
        expect(store.audit.verifyChain()).toMatchObject({ rows: 3, ok: true });
        expect(store.users.list()).toEqual([]);
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });
});

describe('migration 0070-desa-workflow', () => {
  it('widens the status CHECK by rebuilding the tables: every row, history and reference kept; foreign keys back on', () => {
    const tmp = tempDir();
    try {
      const path = join(tmp.dir, DATABASE_FILE);
      const db = openDatabase(path, { migrations: MIGRATIONS.filter((m) => m.version <= 60) });
      db.prepare(
        "INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES ('s1', 'r1', 't1', 'sku', 1, '{}', 'processing', 'a', 'b')",
      ).run();
      db.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES ('s1', 'received', NULL, 'a', 'local'), ('s1', 'processing', 'x', 'b', 'hub')").run();
      db.prepare("INSERT INTO outbox (submission_id, state, created_at) VALUES ('s1', 'delivered', 'a')").run();
      expect(() => db.prepare("UPDATE submissions SET status = 'ready' WHERE id = 's1'").run()).toThrow(/CHECK/);
      db.close();
      const store = openStore(tmp.dir);
      try {
        expect(store.submissions.get('s1')).toMatchObject({ status: 'processing', registrationNo: 'r1' });
        expect(store.submissions.history('s1').map((h) => h.status)).toEqual(['received', 'processing']);
        store.submissions.setStatus('s1', 'ready', null, 'c', 'local', 'signatory:kades');
        expect(store.submissions.historyWithActors('s1').at(-1)).toMatchObject({ status: 'ready', actor: 'signatory:kades' });
        expect(store.kiosk.outboxState('s1')).toBe('delivered');
      } finally {
        store.close();
      }
      const check = new Database(path);
      expect(check.pragma('foreign_key_check')).toEqual([]);
      check.close();
      const reopened = openDatabase(path, { migrations: MIGRATIONS });
      expect(reopened.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(() => reopened.prepare("INSERT INTO outbox (submission_id, state, created_at) VALUES ('nope2', 'pending', 'a')").run()).toThrow(/FOREIGN KEY/);
      reopened.close();
    } finally {
      tmp.cleanup();
    }
  });
});

describe('migration 0200-privacy', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('adds purged_at, and the daily look for due requests reads only the partial index of finished, unpurged ones', () => {
    const db = openDatabase(join(tmp.dir, DATABASE_FILE), { migrations: MIGRATIONS });
    const cols = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('submissions')").all().map((c) => c.name);
    expect(cols).toContain('purged_at');
    const plan = db
      .prepare<[string, number], { detail: string }>(
        `EXPLAIN QUERY PLAN ${CANDIDATES_SQL}`,
      )
      .all('', 500)
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toContain('submissions_purge_due');
    expect(plan).toMatch(/SEARCH s USING INDEX submissions_purge_due \(id>\?\)/);
    expect(plan).not.toContain('TEMP B-TREE');
    db.close();
  });
});

describe('a damaged file', () => {
  it('is refused at open with an error, not silently recreated', () => {
    const tmp = tempDir();
    try {
      writeFileSync(join(tmp.dir, DATABASE_FILE), Buffer.alloc(8192, 0x41));
      expect(() => openStore(tmp.dir)).toThrow(/not a database/);
      expect(readFileSync(join(tmp.dir, DATABASE_FILE))[0]).toBe(0x41);
    } finally {
      tmp.cleanup();
    }
  });
});
