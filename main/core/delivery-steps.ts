import type { Store } from '../db/store.js';

/**
 * The times of a request's two delivery steps (issue 12 §1), for "Cek status" and the desk:
 * held by the kecamatan's relay ("di kecamatan"; null when it went straight to the hub or not yet)
 * and acknowledged by the hub ("diterima kabupaten").
 */
export function deliverySteps(d: ReturnType<Store['sync']['delivery']>): { relayAt: string | null; deliveredAt: string | null } {
  return { relayAt: d?.relayAt ?? null, deliveredAt: d?.step === 'delivered' ? d.deliveredAt : null };
}
