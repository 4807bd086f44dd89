import type { Database } from 'better-sqlite3';

/** UID-only e-KTP readers: which NIK a card UID stands for, asked once and remembered (migration 0020). */
export function cardUidQueries(db: Database) {
  const upsert = db.prepare(
    'INSERT INTO card_uids (uid, nik, updated_at) VALUES (?, ?, ?) ON CONFLICT (uid) DO UPDATE SET nik = excluded.nik, updated_at = excluded.updated_at',
  );
  const byUid = db.prepare<[string], { nik: string }>('SELECT nik FROM card_uids WHERE uid = ?');
  return {
    remember: (uid: string, nik: string, at: string) => void upsert.run(uid, nik, at),
    nikFor: (uid: string) => byUid.get(uid)?.nik,
  };
}
export type CardUidQueries = ReturnType<typeof cardUidQueries>;
