import { verify } from 'node:crypto';
import { CatalogueDocument, catalogueSigningText, HubKeys, SignedCatalogue } from '../../shared/sync/protocol.js';
import { ed25519FromRaw } from '../hub/ed25519.js';

export type CatalogueVerdict = { ok: true; doc: CatalogueDocument } | { ok: false; error: string };

/**
 * Opens a catalogue the hub handed down: adopted only when its signature verifies against the
 * hub key this device learned at enrolment (`hubKeys`, kept as hub-keys:<upstream>). Never throws.
 */
export function openSignedCatalogue(reply: unknown, hubKeys: unknown): CatalogueVerdict {
  const keys = HubKeys.safeParse(hubKeys);
  if (!keys.success) return { ok: false, error: 'no hub signing key was learned at enrolment, so no catalogue can be trusted' };
  const signed = SignedCatalogue.safeParse(reply);
  if (!signed.success) return { ok: false, error: 'the hub catalogue is not a signed {document, signature} envelope' };
  let good = false;
  try {
    const key = ed25519FromRaw(Buffer.from(keys.data.signingKey, 'base64'));
    good = verify(null, Buffer.from(catalogueSigningText(signed.data.document)), key, Buffer.from(signed.data.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, error: 'the catalogue signature does not verify against the hub key this device enrolled with' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(signed.data.document);
  } catch {
    return { ok: false, error: 'the signed catalogue document is not JSON' };
  }
  const doc = CatalogueDocument.safeParse(parsed);
  return doc.success ? { ok: true, doc: doc.data } : { ok: false, error: 'not a {version, services} document' };
}
