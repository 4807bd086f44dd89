import { AUDIT_GENESIS } from '../../../shared/domain/audit-chain.js';
import { auditHash } from '../../db/audit-hash.js';
import type { HubBackend, HubQueries } from '../backend.js';

/** Longest detail kept per audit row (JSON text); longer details are cut with a marker. */
const MAX_DETAIL = 4000;

/**
 * The hub's audit log: who viewed whose data and who changed what, chained row to row with the
 * desk's hash (shared/domain/audit-chain.ts). deviceId in the hashed row is null: the hub is one place.
 * Appended inside the caller's transaction, so a change and its audit row commit together.
 */
export async function appendHubAudit(q: HubQueries, actor: string, action: string, subject: string | null, detail: unknown, at: string): Promise<void> {
  const head = await q.lockAuditHead();
  const seq = head.seq + 1;
  let text = detail === null || detail === undefined ? null : JSON.stringify(detail);
  if (text !== null && text.length > MAX_DETAIL) text = JSON.stringify({ truncated: text.slice(0, MAX_DETAIL) });
  const parsed: unknown = text === null ? null : JSON.parse(text);
  const hash = auditHash(head.hash, { seq, at, actor, action, subject, detail: parsed, deviceId: null });
  await q.insertAudit({ seq, at, actor, action, subject, detail: text, prev_hash: head.hash, hash });
  await q.setAuditHead(seq, hash);
}

export interface HubAuditReport {
  rows: number;
  ok: boolean;
  problem: string | null;
}

/** Walks the whole chain: a row edited, removed or reordered behind the hub's back shows here. */
export async function verifyHubAudit(backend: HubBackend): Promise<HubAuditReport> {
  let prev = AUDIT_GENESIS;
  let rows = 0;
  for (let after = 0; ; ) {
    const page = await backend.run((q) => q.auditAfter(after, 1000));
    for (const r of page) {
      rows++;
      if (r.seq !== after + 1) return { rows, ok: false, problem: `row ${after + 1} is missing (next is ${r.seq})` };
      if (r.prev_hash !== prev) return { rows, ok: false, problem: `row ${r.seq} does not chain to the row before it` };
      const detail: unknown = r.detail === null ? null : JSON.parse(r.detail);
      const hash = auditHash(prev, { seq: r.seq, at: r.at, actor: r.actor, action: r.action, subject: r.subject, detail, deviceId: null });
      if (hash !== r.hash) return { rows, ok: false, problem: `row ${r.seq} was altered (its hash does not match)` };
      prev = r.hash;
      after = r.seq;
    }
    if (page.length < 1000) break;
  }
  const head = await backend.run((q) => q.auditRecent(1, 0));
  const headRow = await backend.transaction((q) => q.lockAuditHead());
  if (headRow.seq !== (head[0]?.seq ?? 0) || headRow.hash !== (head[0]?.hash ?? AUDIT_GENESIS)) return { rows, ok: false, problem: 'the chain was cut: its last rows are gone' };
  return { rows, ok: true, problem: null };
}
