import type { OfficeKeyRow } from '../db/queries/letters.js';
import type { Logger } from '../log.js';
import { HubClient, SyncError } from './client.js';
import type { SyncQueries } from '../db/queries/sync.js';
import { keyIdOf } from '../core/letters/token.js';

/** What a sync pass needs of the letter keys (main/core/letters/letter-keys.ts gives it). */
export interface LetterKeyExchange {
  officeCode(): string;
  keys: {
    own(): { keyId: string; publicKey: Buffer };
    saveOfficeKeys(keys: OfficeKeyRow[]): void;
  };
}

/**
 * Once per hub, office and key: publish this device's public letter key. Every pass: fetch the
 * office's keys and cache them, so this device verifies letters of the office's other devices
 * offline. A hub that does not know the endpoint yet (or refuses) costs a warning, never the pass.
 */
export async function exchangeLetterKeys(hub: HubClient, sync: Pick<SyncQueries, 'getState' | 'setState'>, x: LetterKeyExchange, upstream: string, log: Logger): Promise<number> {
  const office = x.officeCode();
  const own = x.keys.own();
  const mark = `letterkey:${upstream}`;
  try {
    if (sync.getState<string>(mark) !== `${office}:${own.keyId}`) {
      await hub.publishLetterKey(office, own.keyId, own.publicKey);
      sync.setState(mark, `${office}:${own.keyId}`);
      log.info('letter key published at hub', { officeCode: office, keyId: own.keyId });
    }
    const list = await hub.officeLetterKeys(office);
    // Only keys whose id is their own hash: a mangled entry never shadows a good one.
    const keys = list.keys
      .map((k) => ({ officeCode: list.officeCode, keyId: k.keyId, deviceId: k.deviceId, publicKey: Buffer.from(k.publicKey, 'base64') }))
      .filter((k) => list.officeCode === office && k.publicKey.length === 32 && keyIdOf(k.publicKey) === k.keyId);
    x.keys.saveOfficeKeys(keys);
    return keys.length;
  } catch (err) {
    if (!(err instanceof SyncError) || err.kind === 'network') throw err;
    log.warn('letter keys not exchanged this pass', { code: err.code, error: err.message });
    return 0;
  }
}
