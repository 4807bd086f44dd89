import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { DATABASE_FILE, openStore } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';

const INSERT =
  'INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at, wire_record) ' +
  "VALUES (?, ?, ?, ?, 1, ?, 'received', ?, ?, ?)";

describe('migration 0080-search-index', () => {
  it('indexes every submission stored before it: requests, imported records of any shape, past a page of equal times', () => {
    const tmp = tempDir();
    try {
      const db = openDatabase(join(tmp.dir, DATABASE_FILE), { migrations: MIGRATIONS.filter((m) => m.version < 80) });
      const insert = db.prepare(INSERT);
      const at = '2026-11-23T02:00:00.000Z';
      const request = { applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT', source: 'card' }, answers: { noHp: '081234567890' } };
      insert.run('k1', '052001-K7Q2-261123-0001', '7KQ2M9XD', 'ktp-el-baru', JSON.stringify(request), at, at, null);
      const pemohon = JSON.stringify({ id: 'i1', pemohon: { nik: '3604071010800006', nama: 'Euis Maesaroh' } });
      insert.run('i1', 'i1', 'i1', 'import', pemohon, at, at, pemohon);
      const flat = JSON.stringify({ id: 'i2', nik: '3604081111810007', nama: 'Ujang Sutisna' });
      insert.run('i2', 'i2', 'i2', 'import', flat, at, at, flat);
      insert.run('i3', 'i3', 'i3', 'import', JSON.stringify({ id: 'i3', anything: [1, 2] }), at, at, null);
      // More rows than one backfill page, all at the same instant: none may be skipped.
      db.transaction(() => {
        for (let i = 0; i < 2100; i++) insert.run(`w${i}`, `w${i}`, `w${i}`, 'sktm', JSON.stringify({ applicant: { nama: `WARGA NOMOR ${i}` } }), at, at, null);
      })();
      db.close();

      const store = openStore(tmp.dir);
      try {
        const find = (q: string) => store.search.find(q, { limit: 5, offset: 0 });
        expect(find('ahmad suhendar').items[0]).toMatchObject({ id: 'k1', nama: 'AHMAD SUHENDRA', matchedBy: 'name' });
        expect(find('3604051208850001').items[0]?.id).toBe('k1');
        expect(find('+6281234567890').items[0]?.id).toBe('k1');
        expect(find('7kq2m9xd').items[0]?.id).toBe('k1');
        expect(find('euis').items[0]?.id).toBe('i1');
        expect(find('3604081111810007').items[0]?.id).toBe('i2');
        expect(find('i3').items[0]).toMatchObject({ id: 'i3', nik: null, nama: null });
        expect(find('warga').total).toBe(2100);
        // Newest first: the backfill numbered them in capture order (equal times: insertion order).
        expect(find('warga').items[0]?.nama).toBe('WARGA NOMOR 2099');
        // The index grows from there through the store's own writes.
        store.submissions.insert({ id: 'k2', registrationNo: 'R2', trackingCode: 'T2', serviceId: 'sktm', serviceVersion: 1, payload: { applicant: { nama: 'WARGA BARU' } }, createdAt: at });
        expect(find('warga').total).toBe(2101);
        expect(find('warga').items[0]?.id).toBe('k2');
      } finally {
        store.close();
      }
    } finally {
      tmp.cleanup();
    }
  });

  it('uses its indexes for NIK prefix, phone, name tokens, typo variants and postings (EXPLAIN QUERY PLAN)', () => {
    const tmp = tempDir();
    try {
      openStore(tmp.dir).close();
      const db = new Database(join(tmp.dir, DATABASE_FILE), { readonly: true });
      const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((p) => p.detail).join(' | ');
      expect(plan("SELECT doc FROM search_doc WHERE nik >= '360405' AND nik < '360406'")).toMatch(/COVERING INDEX search_doc_by_nik/);
      expect(plan("SELECT doc FROM search_doc WHERE phone = '81234567890'")).toMatch(/COVERING INDEX search_doc_by_phone/);
      expect(plan("SELECT token_id FROM search_token WHERE token >= 'suh' AND token < 'sui'")).toMatch(/INDEX sqlite_autoindex_search_token_1/);
      expect(plan("SELECT token_id FROM search_variant WHERE variant IN ('suhendr', 'uhendra')")).toMatch(/SEARCH search_variant USING PRIMARY KEY/);
      expect(plan('SELECT docs FROM search_posting WHERE token_id = 1 ORDER BY block')).toMatch(/SEARCH search_posting USING INDEX sqlite_autoindex_search_posting_1 \(token_id=\?\)/);
      expect(plan('SELECT docs FROM search_posting WHERE token_id = 1 ORDER BY block')).not.toMatch(/TEMP B-TREE/);
      db.close();
    } finally {
      tmp.cleanup();
    }
  });
});
