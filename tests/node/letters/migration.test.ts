import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../main/db/migrations/index.js';
import { openDatabase } from '../../../main/db/open.js';
import { tempDir } from '../../helpers/tmp.js';

describe('migration 0090-letters', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('a number is used once, a submission has one letter, a letter needs its submission; the series counts per office and year', () => {
    const db = openDatabase(join(tmp.dir, 'a.sqlite'), { migrations: MIGRATIONS.filter((m) => m.version <= 90) });
    db.prepare(
      "INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, 'sktm', 1, '{}', 'received', 'now', 'now')",
    ).run('s1', 'r1', 't1');
    db.prepare(
      "INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, 'sktm', 1, '{}', 'received', 'now', 'now')",
    ).run('s2', 'r2', 't2');
    const insert = db.prepare(
      "INSERT INTO letters (id, submission_id, office_code, number, series_year, sequence, issued_at, letter_date, service_id, template_id, template_version, signatory, token, nik_salt, content, file_name) VALUES (?, ?, '36.04.05.2001', ?, 2026, ?, 'now', '2026-11-23', 'sktm', 'sktm', 1, 'x', ?, x'00', '{}', ?)",
    );
    insert.run('l1', 's1', '460/001', 1, 'tok1', 'a.pdf');
    expect(() => insert.run('l2', 's2', '460/001', 2, 'tok2', 'b.pdf')).toThrow(/UNIQUE/);
    expect(() => insert.run('l2', 's1', '460/002', 2, 'tok2', 'b.pdf')).toThrow(/UNIQUE/);
    expect(() => insert.run('l2', 'nope', '460/002', 2, 'tok2', 'b.pdf')).toThrow(/FOREIGN KEY/);
    expect(() => insert.run('l2', 's2', '460/002', 1, 'tok2', 'b.pdf')).toThrow(/UNIQUE/);
    const bump = db.prepare<[string, number], { last: number }>(
      'INSERT INTO letter_series (office_code, year, last) VALUES (?, ?, 1) ON CONFLICT (office_code, year) DO UPDATE SET last = last + 1 RETURNING last',
    );
    expect([bump.get('36.04.05.2001', 2026)!.last, bump.get('36.04.05.2001', 2026)!.last, bump.get('36.04.05.2001', 2027)!.last, bump.get('36.04.05.2002', 2026)!.last]).toEqual([1, 2, 1, 1]);
    const strict = db.prepare<[], { name: string; strict: number }>("SELECT name, strict FROM pragma_table_list WHERE name LIKE 'letter%'").all();
    expect(strict.map((t) => t.name).sort()).toEqual(['letter_assets', 'letter_key', 'letter_office_keys', 'letter_series', 'letters']);
    expect(strict.every((t) => t.strict === 1)).toBe(true);
    db.close();
  });
});
