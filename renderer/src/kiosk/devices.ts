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
export async function printReceipt(submissionId: string, timeoutMs = 20_000): Promise<PrintOutcome> {
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
    const res = await api.invoke('print:receipt', { submissionId });
    if (!res.ok) return 'failed';
    jobId = res.value.id;
    judge(res.value);
    for (const j of early) if (j.id === jobId) judge(j);
    return await outcome;
  } finally {
    clearTimeout(timer);
    off();
  }
}
