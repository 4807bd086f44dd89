import type { IncomingMessage, ServerResponse } from 'node:http';
import { PATHS, requestSigningText } from '../../shared/sync/protocol.js';
import { settingsSigningText, type SettingsReply, type SignedSettings } from '../../shared/sync/settings-push.js';
import type { RouteKit } from './letter-routes.js';
import type { SettingsDocRow } from './settings/rows.js';

/**
 * GET /v1/settings?office=N&device=N (signed by the device): the settings documents of its office
 * and its own that are newer than the versions it holds, each signed with the hub's key.
 * Answers true when the request was this one.
 */
export async function settingsRoutes(k: RouteKit, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  if (url.pathname !== PATHS.settings || req.method !== 'GET') return false;
  const device = await k.authDevice(req);
  if (!k.verify(device, requestSigningText('GET', `${url.pathname}${url.search}`, device.id), req)) throw k.fail(401, 'bad_signature', 'the request signature does not verify');
  const have = { office: Number(url.searchParams.get('office') ?? '0'), device: Number(url.searchParams.get('device') ?? '0') };
  if (!Number.isSafeInteger(have.office) || !Number.isSafeInteger(have.device) || have.office < 0 || have.device < 0) throw k.fail(400, 'bad_request', 'office and device must be whole numbers (the versions held)');
  const docs = await k.store.settings.docsFor(device.id, await k.store.console.officeOf(device.id));
  const identity = await k.store.hubIdentity();
  const sign = (row: SettingsDocRow | null, held: number): SignedSettings | null =>
    row && Number(row.version) > held ? { document: row.document, signature: identity.sign(settingsSigningText(row.document)).toString('base64') } : null;
  const body: SettingsReply = { office: sign(docs.office, have.office), device: sign(docs.device, have.device) };
  k.sendJson(res, 200, body);
  return true;
}
