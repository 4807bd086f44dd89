import { z } from 'zod';
import { call } from '../define.js';

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  detail: unknown;
  deviceId: string | null;
}

const Filter = {
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  actor: z.string().max(80).optional(),
  /** An action or its prefix: "login" matches login, login.failed, login.locked. */
  action: z.string().max(60).optional(),
  subject: z.string().max(200).optional(),
};

export const auditCalls = {
  'audit:list': call<{ items: AuditEntryView[]; total: number; chain: { ok: boolean; rows: number; problem: string | null } }>()(
    ['audit.read'],
    z.object({ ...Filter, limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) }).strict(),
  ),
  /** The filtered log as CSV (header row first), newest last; the export is audited too. */
  'audit:export': call<{ csv: string; rows: number }>()(['audit.read'], z.object(Filter).strict()),
};
