import { chmodSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_INFLATED_BYTES } from '../../shared/sync/protocol.js';
import { carryRequestSigningText, USB_CARRY_PATH } from '../../shared/usb/carry.js';
import { ByteReader, CarryError, CARRY_SPOOL_PREFIX, intakeCarry, readCarryHead } from '../usb/carry-intake.js';
import type { Logger } from '../log.js';
import type { ConsoleCatalogue } from './console/catalogue.js';
import type { Forwarder } from './forward.js';
import { HttpError } from './http.js';
import type { RouteKit } from './letter-routes.js';

export interface UsbCarryKit extends RouteKit {
  catalogue: ConsoleCatalogue;
  forwarder: Forwarder | null;
  maxInflated?: number;
  /** From prepareSpool: a private folder for carried exports. */
  spoolDir: string;
}

/**
 * The folder carried exports are laid out in (0700), with what a crashed hub left in its own
 * folder removed: an import is all or nothing per batch, so a half-written folder is never worth
 * keeping. The shared OS temp folder is not swept (another hub may be using it).
 */
export function prepareSpool(dir: string | null, log: Logger): string {
  if (dir === null) return tmpdir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(CARRY_SPOOL_PREFIX)) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
    log.info('removed a carried export left by an earlier run', { dir: join(dir, name) });
  }
  return dir;
}

/**
 * POST /v1/usb/carry (shared/usb/carry.ts): a kecamatan relay carries one device's export from a
 * stick it could not open. The relay signs as carrier (an enrolled, not revoked device); the
 * device's own signatures (manifest, each batch) still decide, in the same import as
 * `hub usb-import` (main/usb/carry-intake.ts → main/usb/hub-import.ts, channel 'usb').
 * Answers the device's answer.json and the hub's hub.json for the relay to write onto the stick.
 */
export async function usbCarryRoutes(k: UsbCarryKit, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== USB_CARRY_PATH) return false;
  if (req.method !== 'POST') throw new HttpError(405, 'bad_request', `${USB_CARRY_PATH} takes POST`);
  const reader = new ByteReader(req as AsyncIterable<Buffer>);
  try {
    const relay = await k.authDevice(req);
    const { head, sha256 } = await readCarryHead(reader);
    if (!k.verify(relay, carryRequestSigningText(relay.id, sha256), req)) throw k.fail(401, 'bad_signature', 'the carrier signature does not verify');
    const forwardTo = k.forwarder?.adapterNames() ?? [];
    const answer = await intakeCarry(reader, head, { store: k.store, catalogue: k.catalogue, log: k.log, maxInflated: k.maxInflated ?? MAX_INFLATED_BYTES, forwardTo, carrier: relay.id }, k.spoolDir);
    k.log.info('usb export carried by a relay', { relay: relay.id, deviceId: head.deviceId, accepted: answer.outcome.accepted, replayed: answer.outcome.replayed, refused: answer.refused !== null });
    if (answer.outcome.accepted) k.forwarder?.nudge();
    k.sendJson(res, 200, answer);
  } catch (err) {
    // The rest of the body is not read: the relay sends it again on a fresh connection.
    res.setHeader('connection', 'close');
    throw err instanceof CarryError ? new HttpError(err.status, err.code, err.message) : err;
  }
  return true;
}
