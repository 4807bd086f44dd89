import type { BatchAck } from '../../shared/sync/protocol.js';
import { ackSigningText } from '../../shared/sync/relay.js';
import type { HubStore } from './store.js';

/**
 * Every ack the hub hands out carries its signature (hubSig), so a kiosk behind a relay can tell
 * the hub's ack from anything a relay might make up: only then does it mark the batch delivered.
 */
export async function signedAck(store: HubStore, deviceId: string, ack: BatchAck): Promise<BatchAck> {
  const id = await store.hubIdentity();
  return { ...ack, hubSig: id.sign(ackSigningText(deviceId, ack)).toString('base64') };
}
