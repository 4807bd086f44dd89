import type { Database } from 'better-sqlite3';
import { deletionVariants } from '../../../shared/domain/fuzzy.js';
import { searchTermsOf } from '../../../shared/domain/search-terms.js';
import { BLOCK_DOCS, packDocs } from '../search-postings.js';
import type { Migration } from '../migration.js';

/**
 * The register search's index (issue 10 §5), kept by the store in the same transaction as each
 * write (main/db/queries/search.ts):
 * - search_doc: one row per submission, numbered in capture order (AUTOINCREMENT: a number is
 *   never reused, so postings stay true), with the applicant's NIK, name and phone pulled out
 *   of the payload (shared/domain/search-terms.ts). Status and codes stay in submissions.
 * - search_token: each distinct name word, with how many documents hold it (df: rarest first,
 *   and where its next posting goes).
 * - search_variant: each token's deletions (1 edit for 4–7 letters, 2 for 8+): typo lookups.
 * - search_posting: per token, its documents in blocks of BLOCK_DOCS (see search-postings.ts).
 * Every submission already stored is indexed here, oldest first.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'search-index',
  up(db) {
    db.exec(`
      CREATE TABLE search_doc (
        doc INTEGER PRIMARY KEY AUTOINCREMENT,
        submission_id TEXT NOT NULL UNIQUE REFERENCES submissions (id) ON DELETE CASCADE,
        nik TEXT CHECK (nik IS NULL OR (length(nik) = 16 AND nik NOT GLOB '*[^0-9]*')),
        nama TEXT,
        phone TEXT
      ) STRICT;
      CREATE INDEX search_doc_by_nik ON search_doc (nik) WHERE nik IS NOT NULL;
      CREATE INDEX search_doc_by_phone ON search_doc (phone) WHERE phone IS NOT NULL;

      CREATE TABLE search_token (
        token_id INTEGER PRIMARY KEY,
        token TEXT NOT NULL UNIQUE,
        df INTEGER NOT NULL CHECK (df >= 0)
      ) STRICT;

      CREATE TABLE search_variant (
        variant TEXT NOT NULL,
        token_id INTEGER NOT NULL REFERENCES search_token (token_id),
        PRIMARY KEY (variant, token_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE search_posting (
        token_id INTEGER NOT NULL REFERENCES search_token (token_id),
        block INTEGER NOT NULL CHECK (block >= 0),
        docs BLOB NOT NULL,
        PRIMARY KEY (token_id, block)
      ) STRICT;
    `);
    backfill(db);
  },
};

/** Bulk build: documents in capture order, postings gathered in memory and written block by block. */
function backfill(db: Database): void {
  const page = db.prepare<[string, number], { rowid: number; id: string; payload: string; created_at: string }>(
    'SELECT rowid, id, payload, created_at FROM submissions WHERE (created_at, rowid) > (?, ?) ORDER BY created_at, rowid LIMIT 2000',
  );
  const insertDoc = db.prepare('INSERT INTO search_doc (submission_id, nik, nama, phone) VALUES (?, ?, ?, ?)');
  const postings = new Map<string, number[]>();
  let after: [string, number] = ['', -1];
  for (;;) {
    const rows = page.all(...after);
    if (rows.length === 0) break;
    for (const r of rows) {
      let payload: unknown = null;
      try {
        payload = JSON.parse(r.payload);
      } catch {
        // json_valid() guards the column; an unreadable payload is still findable by its codes.
      }
      const t = searchTermsOf(payload);
      const doc = Number(insertDoc.run(r.id, t.nik, t.nama, t.phone).lastInsertRowid);
      for (const token of t.tokens) {
        const list = postings.get(token);
        if (list) list.push(doc);
        else postings.set(token, [doc]);
      }
    }
    const last = rows[rows.length - 1]!;
    after = [last.created_at, last.rowid];
  }
  const insertToken = db.prepare('INSERT INTO search_token (token, df) VALUES (?, ?)');
  const insertVariant = db.prepare('INSERT OR IGNORE INTO search_variant (variant, token_id) VALUES (?, ?)');
  const insertBlock = db.prepare('INSERT INTO search_posting (token_id, block, docs) VALUES (?, ?, ?)');
  for (const [token, docs] of postings) {
    const tokenId = insertToken.run(token, docs.length).lastInsertRowid;
    for (const v of deletionVariants(token)) insertVariant.run(v, tokenId);
    for (let b = 0; b * BLOCK_DOCS < docs.length; b++) insertBlock.run(tokenId, b, packDocs(docs.slice(b * BLOCK_DOCS, (b + 1) * BLOCK_DOCS)));
  }
}
