import type { PrintJob } from '../../../shared/api/calls/devices.js';
import type { EventPayload } from '../../../shared/api/contract.js';
import { api } from '../api/client.js';

/** The device calls and events the kiosk uses (devices module: card reader and receipt printer). */
export type CardRead = EventPayload<'card:read'>;

/** A card tapped on the reader (not the echo of a typed NIK, which the kiosk handles itself). */
export function onCardRead(listener: (card: CardRead) => void): () => void {
  return api.on('card:read', (card) => {
    if (card.source !== 'manual') listener(card);
  });
}

export type PrintOutcome = 'printed' | 'failed';

/**
 * Prints the receipt and waits for the job to end: printed, or failed (printer not ready,
 * or nothing after `timeoutMs`; the job stays queued and can be reprinted at the desk).
 */
export function printReceipt(submissionId: string, timeoutMs = 20_000): Promise<PrintOutcome> {
  return followPrint(async () => {
    const res = await api.invoke('print:receipt', { submissionId });
    return res.ok ? res.value : null;
  }, timeoutMs);
}

/**
 * Follows the print job that `start` makes (null: it made none, which counts as failed) until
 * it ends. Job events are listened to before `start` runs: a fast printer may finish the job
 * before the call that made it has answered.
 */
export async function followPrint(start: () => Promise<PrintJob | null>, timeoutMs = 20_000): Promise<PrintOutcome> {
  let jobId: string | undefined;
  let settle: (o: PrintOutcome) => void = () => {};
  const outcome = new Promise<PrintOutcome>((resolve) => (settle = resolve));
  const early: PrintJob[] = [];
  const judge = (job: PrintJob): void => {
    if (job.state === 'printed') settle('printed');
    // Failed, or waiting for a printer that is not ready (paper out, cover open): say so now.
    else if (job.state === 'failed' || (job.state === 'queued' && job.reason)) settle('failed');
  };
  const off = api.on('print:job', ({ job }) => {
    if (jobId === undefined) early.push(job);
    else if (job.id === jobId) judge(job);
  });
  const timer = setTimeout(() => settle('failed'), timeoutMs);
  try {
    const job = await start();
    if (!job) return 'failed';
    jobId = job.id;
    judge(job);
    for (const j of early) if (j.id === jobId) judge(j);
    return await outcome;
  } finally {
    clearTimeout(timer);
    off();
  }
}
