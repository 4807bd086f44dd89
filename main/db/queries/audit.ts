import type { Database } from 'better-sqlite3';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
}

/** Append-only record of who did what. Never holds a resident's identity data, only ids. */
export function auditQueries(db: Database) {
  const insert = db.prepare('INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)');
  const recent = db.prepare<[number], { seq: number; at: string; actor: string; action: string; subject: string | null; detail: string | null }>(
    'SELECT seq, at, actor, action, subject, detail FROM audit_log ORDER BY seq DESC LIMIT ?',
  );
  return {
    append(actor: string, action: string, subject: string | null = null, detail: unknown = null): void {
      insert.run(new Date().toISOString(), actor, action, subject, detail === null ? null : JSON.stringify(detail));
    },
    recent(limit: number): AuditEntry[] {
      return recent.all(limit).map((r) => ({ ...r, detail: r.detail === null ? null : JSON.parse(r.detail) }));
    },
  };
}
export type AuditQueries = ReturnType<typeof auditQueries>;
