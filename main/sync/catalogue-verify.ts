import { verify } from 'node:crypto';
import type { z } from 'zod';
import { CatalogueDocument, catalogueSigningText, HubKeys, SignedCatalogue } from '../../shared/sync/protocol.js';
import { ed25519FromRaw } from '../hub/ed25519.js';

type Envelope = z.ZodType<{ document: string; signature: string }>;
export type SignedJsonVerdict = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Opens a document the hub signed ({document, signature}: its exact JSON text and an Ed25519
 * signature over signingText(text)), trusted only when the signature verifies against the hub
 * key this device learned at enrolment (`hubKeys`, kept as hub-keys:<upstream>). `what` names
 * it in errors. Never throws; the caller validates the parsed value.
 */
export function openSignedJson(reply: unknown, hubKeys: unknown, envelope: Envelope, signingText: (doc: string) => string, what: string): SignedJsonVerdict {
  const keys = HubKeys.safeParse(hubKeys);
  if (!keys.success) return { ok: false, error: `no hub signing key was learned at enrolment, so no ${what} can be trusted` };
  const signed = envelope.safeParse(reply);
  if (!signed.success) return { ok: false, error: `the hub ${what} is not a signed {document, signature} envelope` };
  let good = false;
  try {
    const key = ed25519FromRaw(Buffer.from(keys.data.signingKey, 'base64'));
    good = verify(null, Buffer.from(signingText(signed.data.document)), key, Buffer.from(signed.data.signature, 'base64'));
  } catch {
    good = false;
  }
  if (!good) return { ok: false, error: `the ${what} signature does not verify against the hub key this device enrolled with` };
  try {
    return { ok: true, value: JSON.parse(signed.data.document) as unknown };
  } catch {
    return { ok: false, error: `the signed ${what} document is not JSON` };
  }
}

export type CatalogueVerdict = { ok: true; doc: CatalogueDocument } | { ok: false; error: string };

/** A catalogue the hub handed down (HTTP or a USB stick's answer). */
export function openSignedCatalogue(reply: unknown, hubKeys: unknown): CatalogueVerdict {
  const opened = openSignedJson(reply, hubKeys, SignedCatalogue, catalogueSigningText, 'catalogue');
  if (!opened.ok) return opened;
  const doc = CatalogueDocument.safeParse(opened.value);
  return doc.success ? { ok: true, doc: doc.data } : { ok: false, error: 'not a {version, services} document' };
}
