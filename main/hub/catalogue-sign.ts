import { catalogueSigningText, type CatalogueDocument, type SignedCatalogue } from '../../shared/sync/protocol.js';
import type { HubStore } from './store.js';

/** The catalogue as the hub hands it down: its exact JSON text, signed with the hub's Ed25519 key. */
export async function signCatalogue(store: HubStore, doc: CatalogueDocument): Promise<SignedCatalogue> {
  const id = await store.hubIdentity();
  const document = JSON.stringify(doc);
  return { document, signature: id.sign(catalogueSigningText(document)).toString('base64') };
}
