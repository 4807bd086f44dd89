import { z } from 'zod';
import { PRIORITY_LANES, TicketState } from '../queue/ticket.js';

/**
 * POST /v1/queue-tickets (signed, body digest in the signature): the office's queue tickets and
 * their times, for the kabupaten's dashboards (issue 11 §1). Each ticket is sent whole with its
 * version (it rises with every move); the hub keeps the highest version it was sent, so a
 * re-send, or an older version arriving late, changes nothing. No personal data: numbers,
 * states and times only.
 */
const Instant = z.string().min(10).max(40);
export const QueueTicketSync = z
  .object({
    id: z.string().uuid(),
    /** Office day (WIB) the ticket was taken, yyyy-mm-dd. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    group: z.string().regex(/^[A-Z]$/),
    number: z.number().int().min(1).max(999_999),
    queueGroup: z.string().regex(/^[A-Z]$/),
    lane: z.enum(['none', ...PRIORITY_LANES]),
    state: TicketState,
    source: z.enum(['kiosk', 'desk']),
    submissionId: z.string().min(1).max(200).nullable(),
    counter: z.number().int().min(1).max(20).nullable(),
    calls: z.number().int().min(0),
    transfers: z.number().int().min(0),
    issuedAt: Instant,
    calledAt: Instant.nullable(),
    servingAt: Instant.nullable(),
    endedAt: Instant.nullable(),
    /** Seconds waited, summed over each wait ended by a call (taking the ticket or a transfer, to the call). */
    waitSeconds: z.number().int().min(0),
    /** How many waits ended by a call (a recall is not a second wait). */
    waits: z.number().int().min(0),
    /** Seconds served, summed over each service ended by a finish or a transfer onwards. */
    serveSeconds: z.number().int().min(0),
    serves: z.number().int().min(0),
    version: z.number().int().min(1),
  })
  .strict();
export type QueueTicketSync = z.infer<typeof QueueTicketSync>;
/** At most this many tickets in one request (a bound; the kiosk sends in pages). */
export const QUEUE_PAGE = 500;
export const QueueTicketUpload = z.object({ items: z.array(QueueTicketSync).min(1).max(QUEUE_PAGE) }).strict();
/** Every id of the upload: stored or raised to this version now (accepted), or already held at it or higher (duplicate). */
export const QueueTicketAck = z.object({ accepted: z.array(z.string()), duplicate: z.array(z.string()) }).strict();
export type QueueTicketAck = z.infer<typeof QueueTicketAck>;
