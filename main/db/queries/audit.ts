import type { Database } from 'better-sqlite3';
import { AUDIT_GENESIS } from '../../../shared/domain/audit-chain.js';
import { auditHash } from '../audit-hash.js';

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
  deviceId: string | null;
}

export interface AuditFilter {
  from?: string | undefined;
  to?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  subject?: string | undefined;
}

/** Where the chain breaks: the first row that does not verify, and why. */
export interface AuditChainReport {
  rows: number;
  ok: boolean;
  problem: string | null;
}

interface Row {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: string | null;
  device_id: string | null;
  prev_hash: string | null;
  hash: string | null;
}

const toEntry = (r: Row): AuditEntry => ({
  seq: r.seq,
  at: r.at,
  actor: r.actor,
  action: r.action,
  subject: r.subject,
  detail: r.detail === null ? null : JSON.parse(r.detail),
  deviceId: r.device_id,
});

/**
 * The append-only, hash-chained record of who did what (migration 0060). It holds ids and
 * actions, never a resident's identity data. Triggers refuse UPDATE and DELETE; verifyChain()
 * finds a row edited or removed behind the app's back.
 */
export function auditQueries(db: Database) {
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE singleton = 1');
  const insert = db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, subject, detail, device_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const setHead = db.prepare('INSERT INTO audit_head (singleton, seq, hash) VALUES (1, ?, ?) ON CONFLICT (singleton) DO UPDATE SET seq = excluded.seq, hash = excluded.hash');
  const device = db.prepare<[], { device_id: string }>('SELECT device_id FROM device WHERE singleton = 1');
  const cols = 'seq, at, actor, action, subject, detail, device_id';
  const where =
    'WHERE (@from IS NULL OR at >= @from) AND (@to IS NULL OR at < @to) AND (@actor IS NULL OR actor = @actor) ' +
    'AND (@action IS NULL OR action = @action OR action LIKE @action || \'.%\') AND (@subject IS NULL OR subject = @subject)';
  const page = db.prepare<Record<string, unknown>, Row>(`SELECT ${cols} FROM audit_log ${where} ORDER BY seq DESC LIMIT @limit OFFSET @offset`);
  const count = db.prepare<Record<string, unknown>, { n: number }>(`SELECT count(*) AS n FROM audit_log ${where}`);
  const params = (f: AuditFilter) => ({ from: f.from ?? null, to: f.to ?? null, actor: f.actor ?? null, action: f.action ?? null, subject: f.subject ?? null });

  const append = db.transaction((actor: string, action: string, subject: string | null, detail: unknown, at: string): void => {
    const h = head.get() ?? { seq: 0, hash: AUDIT_GENESIS };
    const deviceId = device.get()?.device_id ?? null;
    const seq = h.seq + 1;
    const hash = auditHash(h.hash, { seq, at, actor, action, subject, detail, deviceId });
    insert.run(seq, at, actor, action, subject, detail === null ? null : JSON.stringify(detail), deviceId, h.hash, hash);
    setHead.run(seq, hash);
  });

  return {
    /** Appends one row chained to the last (nested in the caller's transaction when there is one). */
    append(actor: string, action: string, subject: string | null = null, detail: unknown = null, at = new Date().toISOString()): void {
      append(actor, action, subject, detail, at);
    },
    recent(limit: number): AuditEntry[] {
      return page.all({ ...params({}), limit, offset: 0 }).map(toEntry);
    },
    list(filter: AuditFilter, limit: number, offset: number): { items: AuditEntry[]; total: number } {
      const p = params(filter);
      return { items: page.all({ ...p, limit, offset }).map(toEntry), total: count.get(p)!.n };
    },
    /** Every row in order, recomputing each hash; the head must name the last row. */
    verifyChain: (): AuditChainReport => verifyAuditChain(db),
  };
}
export type AuditQueries = ReturnType<typeof auditQueries>;

/** Recomputes the chain of a store's audit log (also on a read-only connection: `anjungan doctor`). */
export function verifyAuditChain(db: Database): AuditChainReport {
  const all = db.prepare<[], Row>('SELECT seq, at, actor, action, subject, detail, device_id, prev_hash, hash FROM audit_log ORDER BY seq');
  const head = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE singleton = 1').get();
  let prev = AUDIT_GENESIS;
  let expectSeq = 1;
  let rows = 0;
  for (const r of all.iterate()) {
    rows++;
    if (r.seq !== expectSeq) return { rows, ok: false, problem: `audit row ${expectSeq} is missing (next is ${r.seq})` };
    if (r.prev_hash !== prev) return { rows, ok: false, problem: `audit row ${r.seq} does not follow row ${r.seq - 1} (a row was removed or edited)` };
    if (auditHash(prev, toEntry(r)) !== r.hash) return { rows, ok: false, problem: `audit row ${r.seq} was edited (its hash does not match)` };
    prev = r.hash!;
    expectSeq++;
  }
  if (!head || head.seq !== expectSeq - 1 || head.hash !== prev) {
    return { rows, ok: false, problem: `the audit log ends at row ${expectSeq - 1} but its head names row ${head?.seq ?? 'none'} (rows were removed from the end)` };
  }
  return { rows, ok: true, problem: null };
}
