import type { HubQueueTicketRow, QueueTallyDelta } from './rows.js';

/** hub_queue_tickets' columns in one order for both backends' statements (received_at last). */
export const TICKET_COLUMNS = [
  'id', 'device_id', 'day', 'grp', 'number', 'queue_grp', 'lane', 'state', 'source', 'submission_id', 'counter', 'calls', 'transfers',
  'issued_at', 'called_at', 'serving_at', 'ended_at', 'wait_s', 'waits', 'serve_s', 'serves', 'version',
] as const satisfies readonly (keyof HubQueueTicketRow)[];
export const TALLY_COLUMNS = ['issued', 'called', 'done', 'no_show', 'cancelled', 'wait_s', 'waits', 'serve_s', 'serves'] as const satisfies readonly (keyof QueueTallyDelta)[];
/** The columns a newer version may change (id, device and day stay). */
export const CHANGING_COLUMNS = TICKET_COLUMNS.filter((c) => c !== 'id' && c !== 'device_id' && c !== 'day');
