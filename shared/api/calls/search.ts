import { z } from 'zod';
import { call } from '../define.js';
import { MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET, type SearchHit } from '../../domain/search.js';

export type { MatchedBy, SearchHit } from '../../domain/search.js';

export const SearchRequest = z
  .object({
    /** A NIK or its first 6+ digits, a name (typos allowed), a registration number, a tracking code or a phone. */
    query: z.string().trim().min(1).max(MAX_QUERY_LENGTH),
    limit: z.number().int().min(1).max(MAX_SEARCH_LIMIT).default(20),
    offset: z.number().int().min(0).max(MAX_SEARCH_OFFSET).default(0),
  })
  .strict();

export interface SearchPage {
  items: SearchHit[];
  /** Every match (exact, not capped), of which `items` is one page. */
  total: number;
  /** Time the store took to answer, in milliseconds. */
  tookMs: number;
}

export const searchCalls = {
  /** The register search of the desk; each search is audited (who, what kind, how many hits; never the text). */
  'requests:search': call<SearchPage>()(['requests.search'], SearchRequest),
};
