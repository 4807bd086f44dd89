import { createHmac } from 'node:crypto';
import type { Logger } from '../log.js';
import type { HubStore, StoredSubmission } from './store.js';

/**
 * Forwarding to agencies (OPD). Each adapter delivers one stored submission; the hub queues
 * every accepted submission for every adapter in the same transaction that stores it
 * (forward_outbox), and this loop drains the queue with capped, jittered backoff.
 */
export interface AgencyAdapter {
  readonly name: string;
  /** Resolves when the agency has it; throws AdapterError (permanent: true for a refusal). */
  deliver(sub: StoredSubmission): Promise<void>;
}

export class AdapterError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** The generic integration point: POSTs JSON to a URL, signed with HMAC-SHA256 when a secret is set. */
export function webhookAdapter(name: string, url: string, secret: string | null, timeoutMs = 15_000): AgencyAdapter {
  return {
    name,
    async deliver(sub) {
      const record = JSON.parse(sub.text) as Record<string, unknown>;
      const body = JSON.stringify({
        id: sub.id,
        registrationNo: sub.registrationNo,
        receivedAt: sub.receivedAt,
        deviceId: sub.deviceId,
        record,
        attachment: sub.attachment
          ? { name: sub.attachment.name, content_type: sub.attachment.contentType, data_b64: sub.attachment.data.toString('base64') }
          : null,
      });
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-anjungan-id': sub.id };
      if (secret) headers['x-anjungan-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (err) {
        throw new AdapterError(`webhook unreachable: ${(err as Error).message}`, false);
      }
      if (res.ok) return;
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429;
      throw new AdapterError(`webhook answered ${res.status}`, permanent);
    },
  };
}

export interface Forwarder {
  adapterNames(): string[];
  nudge(): void;
  /** One pass over what is due; returns how many were delivered. */
  runOnce(): Promise<number>;
  stop(): void;
}

export function createForwarder(store: HubStore, adapters: AgencyAdapter[], log: Logger, opts: { maxAttempts?: number; baseDelayMs?: number; maxDelayMs?: number; intervalMs?: number } = {}): Forwarder {
  const byName = new Map(adapters.map((a) => [a.name, a]));
  const maxAttempts = opts.maxAttempts ?? 30;
  const base = opts.baseDelayMs ?? 5_000;
  const cap = opts.maxDelayMs ?? 3_600_000;
  let running: Promise<number> | null = null;
  let again = false;
  let stopped = false;
  const pass = async (): Promise<number> => {
    let delivered = 0;
    for (;;) {
      const jobs = await store.dueForwards(new Date().toISOString(), 50);
      if (jobs.length === 0) return delivered;
      for (const job of jobs) {
        const adapter = byName.get(job.adapter);
        const sub = await store.getSubmission(job.submissionId);
        try {
          if (!adapter || !sub) throw new AdapterError(`no adapter ${job.adapter} or submission`, true);
          await adapter.deliver(sub);
          await store.finishForward(job.seq, { ok: true, at: new Date().toISOString() });
          delivered++;
        } catch (err) {
          const e = err instanceof AdapterError ? err : new AdapterError(String(err), false);
          const attempts = job.attempts + 1;
          const delay = Math.min(cap, base * 2 ** Math.min(attempts - 1, 20)) * (0.5 + Math.random() / 2);
          const nextAt = e.permanent || attempts >= maxAttempts ? null : new Date(Date.now() + delay).toISOString();
          await store.finishForward(job.seq, { ok: false, error: e.message, nextAt });
          log.warn('forwarding failed', { submissionId: job.submissionId, adapter: job.adapter, attempts, error: e.message, retry: nextAt !== null });
        }
      }
    }
  };
  const kick = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = pass()
      .catch((err: unknown) => {
        log.error('forwarder pass failed', { error: err });
        return 0;
      })
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const timer = setInterval(kick, opts.intervalMs ?? 5_000);
  timer.unref();
  return {
    adapterNames: () => [...byName.keys()],
    nudge: kick,
    async runOnce() {
      while (running) await running;
      return pass();
    },
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
