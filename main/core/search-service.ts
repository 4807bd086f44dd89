import type { SearchPage } from '../../shared/api/calls/search.js';
import type { Store } from '../db/store.js';

/**
 * One register search, audited: for the desk (requests:search) and the CLI (`anjungan search`).
 * The audit row says who searched, what kind of query it was, its length and how many
 * matched; never the text, which may be a resident's NIK, name or phone.
 */
export function searchRegister(store: Store, actor: string, query: string, page: { limit: number; offset: number }): SearchPage {
  const started = performance.now();
  const result = store.search.find(query, page);
  const tookMs = Math.round((performance.now() - started) * 100) / 100;
  store.audit.append(actor, 'request.search', null, { kind: result.kind, length: query.length, hits: result.total, offset: page.offset });
  return { items: result.items, total: result.total, tookMs };
}
