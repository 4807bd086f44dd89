/** One queue ticket as the hub keeps it (hub migration 300). */
export interface HubQueueTicketRow {
  id: string;
  device_id: string;
  day: string;
  grp: string;
  number: number;
  queue_grp: string;
  lane: string;
  state: string;
  source: string;
  submission_id: string | null;
  counter: number | null;
  calls: number;
  transfers: number;
  issued_at: string;
  called_at: string | null;
  serving_at: string | null;
  ended_at: string | null;
  wait_s: number;
  waits: number;
  serve_s: number;
  serves: number;
  version: number;
}

/** What one ticket adds to its device's day (hub_queue_tally); a new version adds the difference. */
export interface QueueTallyDelta {
  issued: number;
  called: number;
  done: number;
  no_show: number;
  cancelled: number;
  wait_s: number;
  waits: number;
  serve_s: number;
  serves: number;
}

export type QueueTallyRow = { device_id: string; day: string } & QueueTallyDelta;

/** The SQL the hub's queue rules need, one implementation per backend. */
export interface HubQueueQueries {
  /** The held ticket, its row locked until the transaction ends; null when none. */
  lockQueueTicket(id: string): Promise<HubQueueTicketRow | null>;
  /** False when a ticket with this id is already held. */
  insertQueueTicket(row: HubQueueTicketRow, at: string): Promise<boolean>;
  updateQueueTicket(row: HubQueueTicketRow, at: string): Promise<void>;
  addQueueTally(deviceId: string, day: string, d: QueueTallyDelta): Promise<void>;
  /** The tally rows of office days from..to (both included). */
  queueTally(from: string, to: string): Promise<QueueTallyRow[]>;
}
