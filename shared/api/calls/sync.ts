import { z } from 'zod';
import { call } from '../define.js';
import type { LinkStatus } from '../../sync/links.js';

/** What the operator panel shows about store-and-forward sync. */
export interface SyncStatusInfo {
  /** Submissions not yet acknowledged by the hub. */
  backlog: number;
  /** Submissions the hub refused (with its reason); they never block the rest. */
  parked: number;
  lastSuccessAt: string | null;
  lastError: { kind: string; code: string; message: string; at: string } | null;
  state: 'idle' | 'sending' | 'backoff' | 'offline' | 'disabled';
  upstream: string | null;
  /** Of the backlog, held by a kecamatan relay and waiting for the hub's ack. */
  atRelay: number;
  /** The link of the pass in progress or the last one (name), and every link with its state, today's bytes against its budget. */
  link: string | null;
  links: LinkStatus[];
  backlogBytes: number;
  etaSeconds: number | null;
}

export const SyncProgressEvent = z.object({
  state: z.enum(['idle', 'sending', 'backoff', 'offline', 'disabled']),
  phase: z.enum(['upload', 'status', 'catalogue', 'done']),
  bytesSent: z.number(),
  bytesTotal: z.number(),
  submissionsSent: z.number(),
  submissionsTotal: z.number(),
  bytesPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
});

const Empty = z.object({}).strict();

export const syncCalls = {
  'sync:status': call<SyncStatusInfo>()(['sync.run', 'devices.manage'], Empty),
  /** Run a pass now (after any pass in progress) and answer the status after it. */
  'sync:now': call<SyncStatusInfo>()(['sync.run'], Empty),
};
