import type { Database } from 'better-sqlite3';

/** A stored letter as the table holds it (content is the JSON snapshot that regenerates the PDF). */
export interface LetterRow {
  id: string;
  submissionId: string;
  officeCode: string;
  number: string;
  seriesYear: number;
  sequence: number;
  issuedAt: string;
  letterDate: string;
  serviceId: string;
  templateId: string;
  templateVersion: number;
  signatory: string;
  token: string;
  nikSalt: Buffer;
  content: unknown;
  fileName: string;
  printCount: number;
  printedAt: string | null;
  lastPrintError: string | null;
}

export type NewLetter = Omit<LetterRow, 'printCount' | 'printedAt' | 'lastPrintError'>;

export interface LetterKeyRow {
  keyId: string;
  publicKey: Buffer;
  privateKey: Buffer;
}

export interface OfficeKeyRow {
  officeCode: string;
  keyId: string;
  deviceId: string;
  publicKey: Buffer;
}

interface Raw {
  id: string;
  submission_id: string;
  office_code: string;
  number: string;
  series_year: number;
  sequence: number;
  issued_at: string;
  letter_date: string;
  service_id: string;
  template_id: string;
  template_version: number;
  signatory: string;
  token: string;
  nik_salt: Buffer;
  content: string;
  file_name: string;
  print_count: number;
  printed_at: string | null;
  last_print_error: string | null;
}

const toRow = (r: Raw): LetterRow => ({
  id: r.id,
  submissionId: r.submission_id,
  officeCode: r.office_code,
  number: r.number,
  seriesYear: r.series_year,
  sequence: r.sequence,
  issuedAt: r.issued_at,
  letterDate: r.letter_date,
  serviceId: r.service_id,
  templateId: r.template_id,
  templateVersion: r.template_version,
  signatory: r.signatory,
  token: r.token,
  nikSalt: r.nik_salt,
  content: JSON.parse(r.content) as unknown,
  fileName: r.file_name,
  printCount: r.print_count,
  printedAt: r.printed_at,
  lastPrintError: r.last_print_error,
});

/**
 * Letters (migration 0090): the yearly number series, the letters, their logos, this device's
 * letter key and the office's cached public keys. The caller wraps numbering and the letter row
 * in one transaction (store.transaction), so a number is never handed out without its letter.
 */
export function letterQueries(db: Database) {
  const q = {
    bump: db.prepare<[string, number], { last: number }>(
      'INSERT INTO letter_series (office_code, year, last) VALUES (?, ?, 1) ON CONFLICT (office_code, year) DO UPDATE SET last = last + 1 RETURNING last',
    ),
    insert: db.prepare(
      'INSERT INTO letters (id, submission_id, office_code, number, series_year, sequence, issued_at, letter_date, service_id, template_id, template_version, signatory, token, nik_salt, content, file_name) ' +
        'VALUES (@id, @submissionId, @officeCode, @number, @seriesYear, @sequence, @issuedAt, @letterDate, @serviceId, @templateId, @templateVersion, @signatory, @token, @nikSalt, @content, @fileName)',
    ),
    bySubmission: db.prepare<[string], Raw>('SELECT * FROM letters WHERE submission_id = ?'),
    byId: db.prepare<[string], Raw>('SELECT * FROM letters WHERE id = ?'),
    byNumber: db.prepare<[string], Raw>('SELECT * FROM letters WHERE number = ?'),
    byToken: db.prepare<[string], Raw>('SELECT * FROM letters WHERE token = ?'),
    fileTaken: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM letters WHERE file_name = ?'),
    files: db.prepare<[], { id: string; series_year: number; file_name: string }>('SELECT id, series_year, file_name FROM letters ORDER BY issued_at, id'),
    count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM letters'),
    printed: db.prepare('UPDATE letters SET print_count = print_count + 1, printed_at = ?, last_print_error = NULL WHERE id = ?'),
    printFailed: db.prepare('UPDATE letters SET last_print_error = ? WHERE id = ?'),
    putAsset: db.prepare('INSERT OR IGNORE INTO letter_assets (sha256, data) VALUES (?, ?)'),
    asset: db.prepare<[string], { data: Buffer }>('SELECT data FROM letter_assets WHERE sha256 = ?'),
    ownKey: db.prepare<[], { key_id: string; public_key: Buffer; private_key: Buffer }>('SELECT key_id, public_key, private_key FROM letter_key WHERE singleton = 1'),
    insertOwnKey: db.prepare('INSERT OR IGNORE INTO letter_key (singleton, key_id, public_key, private_key, created_at) VALUES (1, ?, ?, ?, ?)'),
    officeKey: db.prepare<[string, string], { office_code: string; key_id: string; device_id: string; public_key: Buffer }>(
      'SELECT office_code, key_id, device_id, public_key FROM letter_office_keys WHERE office_code = ? AND key_id = ?',
    ),
    officeKeys: db.prepare<[string], { office_code: string; key_id: string; device_id: string; public_key: Buffer }>(
      'SELECT office_code, key_id, device_id, public_key FROM letter_office_keys WHERE office_code = ? ORDER BY key_id',
    ),
    upsertOfficeKey: db.prepare(
      'INSERT INTO letter_office_keys (office_code, key_id, device_id, public_key, fetched_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (office_code, key_id) DO UPDATE SET device_id = excluded.device_id, public_key = excluded.public_key, fetched_at = excluded.fetched_at',
    ),
  };
  const toKey = (r: { office_code: string; key_id: string; device_id: string; public_key: Buffer }): OfficeKeyRow => ({
    officeCode: r.office_code,
    keyId: r.key_id,
    deviceId: r.device_id,
    publicKey: r.public_key,
  });

  return {
    /** The next number of the office's series for that year (1 on the first letter of a year). Call inside the letter's transaction. */
    nextSequence(officeCode: string, year: number): number {
      return q.bump.get(officeCode, year)!.last;
    },
    insert(l: NewLetter): void {
      q.insert.run({ ...l, content: JSON.stringify(l.content) });
    },
    bySubmission(submissionId: string): LetterRow | undefined {
      const r = q.bySubmission.get(submissionId);
      return r && toRow(r);
    },
    get(id: string): LetterRow | undefined {
      const r = q.byId.get(id);
      return r && toRow(r);
    },
    byNumber(number: string): LetterRow | undefined {
      const r = q.byNumber.get(number);
      return r && toRow(r);
    },
    byToken(token: string): LetterRow | undefined {
      const r = q.byToken.get(token);
      return r && toRow(r);
    },
    fileNameTaken(fileName: string): boolean {
      return q.fileTaken.get(fileName)!.n > 0;
    },
    /** Every letter's file, oldest first (lazily: an office issues thousands a year). */
    files(): IterableIterator<{ id: string; series_year: number; file_name: string }> {
      return q.files.iterate();
    },
    count(): number {
      return q.count.get()!.n;
    },
    markPrinted(id: string, at: string): void {
      q.printed.run(at, id);
    },
    markPrintFailed(id: string, error: string): void {
      q.printFailed.run(error.slice(0, 500), id);
    },
    putAsset(sha256: string, data: Buffer): void {
      q.putAsset.run(sha256, data);
    },
    asset(sha256: string): Buffer | undefined {
      return q.asset.get(sha256)?.data;
    },
    ownKey(): LetterKeyRow | undefined {
      const r = q.ownKey.get();
      return r && { keyId: r.key_id, publicKey: r.public_key, privateKey: r.private_key };
    },
    /** Stores the pair unless one exists; returns the stored pair (first start wins). */
    ensureOwnKey(make: () => LetterKeyRow): LetterKeyRow {
      const existing = q.ownKey.get();
      if (!existing) {
        const k = make();
        q.insertOwnKey.run(k.keyId, k.publicKey, k.privateKey, new Date().toISOString());
      }
      const r = q.ownKey.get()!;
      return { keyId: r.key_id, publicKey: r.public_key, privateKey: r.private_key };
    },
    officeKey(officeCode: string, keyId: string): OfficeKeyRow | undefined {
      const r = q.officeKey.get(officeCode, keyId);
      return r && toKey(r);
    },
    officeKeys(officeCode: string): OfficeKeyRow[] {
      return q.officeKeys.all(officeCode).map(toKey);
    },
    /** The office's keys as the hub listed them (added or refreshed; a key is never dropped, old letters keep verifying). */
    saveOfficeKeys(keys: OfficeKeyRow[], at: string): void {
      db.transaction(() => {
        for (const k of keys) q.upsertOfficeKey.run(k.officeCode, k.keyId, k.deviceId, k.publicKey, at);
      })();
    },
  };
}
export type LetterQueries = ReturnType<typeof letterQueries>;
