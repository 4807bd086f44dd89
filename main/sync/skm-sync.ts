import { SKM_PAGE } from '../../shared/sync/skm.js';
import type { KioskQueries } from '../db/queries/kiosk.js';
import type { HubClient } from './client.js';

/**
 * The SKM answer sheets not yet at the hub, a page at a time, oldest first; each page marked
 * synced only on the hub's answer (a lost answer re-sends the page, which the hub ignores by
 * id). Returns how many requests it made.
 */
export async function pushSkm(hub: Pick<HubClient, 'postSkm'>, kiosk: Pick<KioskQueries, 'unsyncedSkm' | 'markSkmSynced'>): Promise<number> {
  let requests = 0;
  for (;;) {
    const due = kiosk.unsyncedSkm(SKM_PAGE);
    if (due.length === 0) return requests;
    requests++;
    const ack = await hub.postSkm(due);
    const held = new Set([...ack.accepted, ...ack.duplicate]);
    kiosk.markSkmSynced(due.filter((s) => held.has(s.id)).map((s) => s.id), new Date().toISOString());
    // The hub answered for fewer than sent: stop here (the rest go on the next pass) rather than loop on them.
    if (held.size < due.length || due.length < SKM_PAGE) return requests;
  }
}
