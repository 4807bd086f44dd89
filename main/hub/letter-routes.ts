import type { IncomingMessage, ServerResponse } from 'node:http';
import { keyIdOf } from '../core/letters/token.js';
import { LetterKeyUpload, letterKeySigningText, MAX_OFFICE_LETTER_KEYS, OfficeCode, PATHS, requestSigningText, type OfficeLetterKeys } from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import type { HubDevice, HubStore } from './store.js';

/** What the server lends these routes (its own auth, errors and JSON handling). */
export interface RouteKit {
  store: HubStore;
  log: Logger;
  /** The enrolled, not revoked device named by the request headers. */
  authDevice(req: IncomingMessage): Promise<HubDevice>;
  verify(device: HubDevice, text: string, req: IncomingMessage): boolean;
  readJson(req: IncomingMessage): Promise<unknown>;
  /** The body as sent (bounded), for a signature over its digest. */
  readBody(req: IncomingMessage, max: number): Promise<Buffer>;
  sendJson(res: ServerResponse, status: number, body: unknown): void;
  fail(status: number, code: 'bad_request' | 'bad_signature' | 'key_conflict', message: string): Error;
}

/**
 * Letter keys (issue 10 §4): a device publishes its public letter key for its office (POST,
 * signed over every field), and any enrolled device fetches an office's keys (GET, signed) to
 * verify that office's letters offline. Answers true when the request was one of these.
 */
export async function letterKeyRoutes(k: RouteKit, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== PATHS.letterKeys) return false;
  const device = await k.authDevice(req);
  if (req.method === 'POST') {
    const body = LetterKeyUpload.safeParse(await k.readJson(req));
    if (!body.success) throw k.fail(400, 'bad_request', 'expected {officeCode, keyId, publicKey}');
    const { officeCode, keyId, publicKey } = body.data;
    if (!k.verify(device, letterKeySigningText(device.id, officeCode, keyId, publicKey), req)) throw k.fail(401, 'bad_signature', 'the letter key upload signature does not verify');
    const raw = Buffer.from(publicKey, 'base64');
    if (raw.length !== 32 || keyIdOf(raw) !== keyId) throw k.fail(400, 'bad_request', 'keyId must be the first 4 bytes of SHA-256 of the 32-byte public key');
    const outcome = await k.store.putLetterKey({ officeCode, keyId, deviceId: device.id, publicKey: raw }, new Date().toISOString());
    if (outcome === 'conflict') throw k.fail(409, 'key_conflict', `office ${officeCode} already has another letter key ${keyId}`);
    if (outcome === 'stored') k.log.info('letter key published', { officeCode, keyId, deviceId: device.id });
    k.sendJson(res, 200, { officeCode, keyId, stored: true });
    return true;
  }
  if (req.method === 'GET') {
    if (!k.verify(device, requestSigningText('GET', `${url.pathname}${url.search}`, device.id), req)) throw k.fail(401, 'bad_signature', 'the request signature does not verify');
    const office = OfficeCode.safeParse(url.searchParams.get('office') ?? '');
    if (!office.success) throw k.fail(400, 'bad_request', 'office must be a desa code such as 36.04.05.2001');
    const keys = await k.store.letterKeys(office.data, MAX_OFFICE_LETTER_KEYS);
    const body: OfficeLetterKeys = { officeCode: office.data, keys: keys.map((x) => ({ keyId: x.keyId, deviceId: x.deviceId, publicKey: x.publicKey.toString('base64') })) };
    k.sendJson(res, 200, body);
    return true;
  }
  return false;
}
