import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SearchRequest, type SearchHit } from '../../../shared/api/calls/search.js';
import { searchRegister } from '../../core/search-service.js';
import { DATABASE_FILE, openStore } from '../../db/store.js';
import { defaultDataDir } from '../../paths.js';
import { parseOptions, UsageError, type Command } from '../command.js';

const COLUMNS: [string, (h: SearchHit) => string][] = [
  ['REGISTRATION', (h) => h.registrationNo],
  ['NIK', (h) => h.nik ?? '-'],
  ['NAMA', (h) => h.nama ?? '-'],
  ['SERVICE', (h) => h.serviceId],
  ['STATUS', (h) => h.status],
  ['CREATED', (h) => h.createdAt.slice(0, 16).replace('T', ' ')],
  ['MATCH', (h) => `${h.matchedBy} ${h.score.toFixed(2)}`],
];

export function formatHits(hits: SearchHit[]): string {
  const cells = hits.map((h) => COLUMNS.map(([, f]) => f(h)));
  const widths = COLUMNS.map(([title], i) => Math.max(title.length, ...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(COLUMNS.map(([title]) => title)), ...cells.map(line)].join('\n');
}

function count(value: string | undefined, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new UsageError(`${option} must be a whole number, got "${value}"`);
  return Number(value);
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'search the register by NIK, name, registration number, tracking code or phone',
  usage: `anjungan search [--data DIR] [--json] [--limit N] [--offset N] QUERY

  --data DIR    the device's data folder (default: ${defaultDataDir()}, or $ANJUNGAN_DATA)
  --json        one JSON object a line: id, registrationNo, trackingCode, nik, nama, serviceId,
                status, createdAt, matchedBy, score
  --limit N     at most N matches, 1 to 100 (default 20); --offset N skips the first N

QUERY is a NIK (16 digits, or its first 6 or more), a name (case and small typos do not matter;
several words may be given unquoted), a registration number, a tracking code or a phone number
(0812…, +62812…, 62812…). Best match first. Prints nothing and says "no matches" on stderr
(text mode) when nothing matches; exits 0 either way. Each search is written to the audit log
as actor "cli" (kind of query, its length, number of hits; never the query itself).`,
  async run(argv) {
    const { values, positionals } = parseOptions(
      argv,
      { data: { type: 'string' }, json: { type: 'boolean' }, limit: { type: 'string' }, offset: { type: 'string' } },
      true,
    );
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('a QUERY is required');
    const req = SearchRequest.safeParse({ query: positionals.join(' '), limit: count(values.limit, '--limit', 20), offset: count(values.offset, '--offset', 0) });
    if (!req.success) {
      const issue = req.error.issues[0];
      const field = issue?.path[0] === 'query' ? 'QUERY' : `--${String(issue?.path[0] ?? 'query')}`;
      throw new UsageError(`${field}: ${issue?.message ?? 'not valid'}`);
    }
    const dataDir = resolve(values.data ?? defaultDataDir());
    // A mistyped --data must not quietly create an empty store and answer "no matches".
    if (!existsSync(join(dataDir, DATABASE_FILE))) {
      process.stderr.write(`anjungan search: no ${DATABASE_FILE} in ${dataDir}\n`);
      return 1;
    }
    const store = openStore(dataDir);
    try {
      const page = searchRegister(store, 'cli', req.data.query, { limit: req.data.limit, offset: req.data.offset });
      if (values.json) {
        process.stdout.write(page.items.map((h) => `${JSON.stringify(h)}\n`).join(''));
      } else if (page.items.length === 0) {
        process.stderr.write(page.total > 0 ? `no matches on this page (${page.total} in all)\n` : 'no matches\n');
      } else {
        process.stdout.write(`${formatHits(page.items)}\n`);
        process.stderr.write(`${req.data.offset + 1}-${req.data.offset + page.items.length} of ${page.total} matches (${page.tookMs} ms)\n`);
      }
      return 0;
    } finally {
      store.close();
    }
  },
};
