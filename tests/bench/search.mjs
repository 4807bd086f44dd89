// Register search (issue 10 §5): 1,000,000 generated submissions in a real store file, indexed
// by migration 0080 as an upgraded kiosk would be, plus rows through the store's own write path;
// then mixed queries through `requests:search` (audited, as at the desk), and the durable kiosk
// submit on the full store. Writes tests/output/bench/search.json.
// Alone: npm run bench -- search   (SEARCH_BENCH_ROWS=N for a smaller run)
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importedLine, makeGenerator, requestPayload, rng, typo } from './search-data.mjs';

const D = '../../dist/node/main';
const { createCore } = await import(`${D}/core/core.js`);
const { openStore, DATABASE_FILE } = await import(`${D}/db/store.js`);
const { openDatabase } = await import(`${D}/db/open.js`);
const { MIGRATIONS } = await import(`${D}/db/migrations/index.js`);
const { createLogger } = await import(`${D}/log.js`);

const ROWS = Number(process.env.SEARCH_BENCH_ROWS ?? 1_000_000);
const BATCH = 50_000;
const STORE_WRITES = 10_000;
const IMPORTED_EVERY = 50; // 2% arrive through `anjungan import` (other JSON shapes)
const quiet = createLogger('bench', () => {});
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'output', 'bench');

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const round = (v) => Math.round(v * 100) / 100;

/**
 * Fills a store file FAST: batched prepared inserts on the bench's own connection at the schema
 * before 0080 (no fsync: this is set-up), then `openStore` runs migration 0080, which indexes
 * every stored submission. Keeps every 997th row as a query sample.
 */
export function generate(dir) {
  const file = join(dir, DATABASE_FILE);
  const db = openDatabase(file, { migrations: MIGRATIONS.filter((m) => m.version < 80) });
  db.pragma('cache_size = -262144');
  db.pragma('synchronous = OFF');
  const sub = db.prepare(
    'INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at, wire_record) ' +
      "VALUES (?, ?, ?, ?, 1, ?, 'received', ?, ?, ?)",
  );
  const status = db.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES (?, 'received', NULL, ?, 'local')");
  const outbox = db.prepare("INSERT INTO outbox (submission_id, state, created_at) VALUES (?, 'pending', ?)");
  const next = makeGenerator(7);
  const samples = [];
  const t0 = performance.now();
  for (let start = 0; start < ROWS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
        const p = next(i);
        const id = randomUUID();
        if (i % IMPORTED_EVERY === IMPORTED_EVERY - 1) {
          // What `anjungan import` stores: the line's exact text, codes = its id.
          const line = importedLine(p, id, i);
          sub.run(id, id, id, 'import', line, p.createdAt, p.createdAt, line);
          p.registrationNo = p.trackingCode = id;
        } else {
          sub.run(id, p.registrationNo, p.trackingCode, p.serviceId, JSON.stringify(requestPayload(p, i)), p.createdAt, p.createdAt, null);
        }
        status.run(id, p.createdAt);
        outbox.run(id, p.createdAt);
        if (i % 997 === 0) samples.push(p);
      }
    })();
  }
  db.close();
  const t1 = performance.now();
  openStore(dir).close();
  const t2 = performance.now();
  return { insertSeconds: (t1 - t0) / 1000, migrateSeconds: (t2 - t1) / 1000, samples };
}

/** The store's own write path (submission, history, outbox, search index) for n more rows, in transactions of 1,000. */
function storeWrites(dir, n) {
  const store = openStore(dir);
  const next = makeGenerator(11);
  try {
    const t0 = performance.now();
    for (let start = 0; start < n; start += 1000) {
      store.transaction(() => {
        for (let i = start; i < start + 1000; i++) {
          const p = next(ROWS + i);
          store.submissions.insert({ id: randomUUID(), registrationNo: `X${p.registrationNo}`, trackingCode: `X${p.trackingCode}`, serviceId: p.serviceId, serviceVersion: 1, payload: requestPayload(p, i), createdAt: p.createdAt });
        }
      });
    }
    return ((performance.now() - t0) * 1000) / n;
  } finally {
    store.close();
  }
}

/** Queries of every kind, as people type them, from the samples. */
export function makeQueries(samples, count) {
  const r = rng(99);
  const pick = () => samples[Math.floor(r() * samples.length)];
  const words = (p) => p.nama.split(' ');
  const cased = (s) => (r() < 0.5 ? s.toLowerCase() : s);
  const kinds = {
    'name exact': () => cased(pick().nama),
    'name typo': () => {
      const w = words(pick()).map((x) => x.toLowerCase());
      const k = w.findIndex((x) => x.length >= 5);
      if (k >= 0) w[k] = typo(r, w[k]);
      return w.join(' ');
    },
    'name prefix': () => {
      const w = words(pick());
      const last = w.length > 1 ? w.pop() : w[0];
      const prefix = last.slice(0, 3 + Math.floor(r() * 3));
      return cased((w.length && w[0] !== last ? `${w.join(' ')} ` : '') + prefix);
    },
    'name one word': () => cased(words(pick()).at(-1)),
    // Identifier queries also name the record they must find on the first page.
    'nik exact': () => {
      const p = pick();
      return { query: p.nik, expect: p.registrationNo };
    },
    'nik prefix': () => pick().nik.slice(0, 6 + Math.floor(r() * 7)),
    registration: () => {
      const p = pick();
      return { query: p.registrationNo, expect: p.registrationNo };
    },
    tracking: () => {
      const p = pick();
      const t = p.trackingCode;
      return { query: t.length === 8 ? t.toLowerCase().replace(/0/g, 'o') : t, expect: p.registrationNo };
    },
    phone: () => {
      let p = pick();
      while (!p.phone) p = pick();
      const national = p.phone.slice(1);
      return { query: [p.phone, `+62${national}`, `62${national}`][Math.floor(r() * 3)], expect: p.registrationNo };
    },
  };
  const names = Object.keys(kinds);
  return Array.from({ length: count }, (_, i) => {
    const q = kinds[names[i % names.length]]();
    return { kind: names[i % names.length], ...(typeof q === 'string' ? { query: q } : q) };
  });
}

async function measure(core, queries) {
  const byKind = {};
  const all = [];
  const store = [];
  let hits = 0;
  let expected = 0;
  let found = 0;
  for (const { kind, query, expect } of queries) {
    const t0 = performance.now();
    const res = await core.dispatcher.invoke('requests:search', { query, limit: 20 }, { transport: 'internal' });
    const ms = performance.now() - t0;
    if (!res.ok) throw new Error(`search failed for a ${kind} query: ${res.error.message}`);
    if (res.value.total > 0) hits++;
    if (expect !== undefined) {
      expected++;
      if (res.value.items.some((h) => h.registrationNo === expect)) found++;
    }
    all.push(ms);
    store.push(res.value.tookMs);
    (byKind[kind] ??= []).push(ms);
  }
  return { all, store, byKind, hitRate: hits / queries.length, foundRate: expected ? found / expected : 1 };
}

async function submits(core, rounds) {
  const times = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = performance.now();
    const r = await core.dispatcher.invoke(
      'kiosk:submit',
      {
        id: randomUUID(), serviceId: 'surat-domisili', serviceVersion: 1,
        applicant: { nik: '3604051208850001', nama: `AHMAD SUHENDRA ${['WIJAYA', 'PRATAMA', 'KARTOWIRYO'][i % 3]}`, alamat: 'KP. KRAMAT RT 002/RW 005, KRAMATWATU', source: 'card' },
        answers: { keperluan: 'kerja' }, requirementsChecked: ['pengantar-rt'], consent: { accepted: true, statementVersion: 'pdp-2026-01' },
      },
      { transport: 'internal' },
    );
    times.push(performance.now() - t0);
    if (!r.ok) throw new Error(`submit failed: ${r.error.message}`);
  }
  return times;
}

/** Bytes per table and index (read-only, dbstat), to tell the search index from the rest. */
function sizes(file) {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name').all();
    const index = rows.filter((r) => r.name.startsWith('search_') || r.name.startsWith('sqlite_autoindex_search_')).reduce((a, r) => a + r.bytes, 0);
    const tokens = db.prepare('SELECT count(*) AS n FROM search_token').get().n;
    const variants = db.prepare('SELECT count(*) AS n FROM search_variant').get().n;
    return { index, tokens, variants };
  } finally {
    db.close();
  }
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-search-'));
  try {
    const gen = generate(dir);
    const writeUs = storeWrites(dir, STORE_WRITES);
    const file = join(dir, DATABASE_FILE);
    const dbBytes = statSync(file).size;
    const sz = sizes(file);
    const core = await createCore({ dataDir: dir, shell: 'host', log: quiet, watchCatalogue: false, devices: { reader: 'none', printer: 'none' } });
    let m;
    let submit;
    try {
      const queries = makeQueries(gen.samples, 1260);
      await measure(core, makeQueries(gen.samples.slice().reverse(), 45)); // warm the page cache and the JIT
      m = await measure(core, queries);
      submit = await submits(core, 300);
    } finally {
      await core.close();
    }
    const kinds = Object.fromEntries(Object.entries(m.byKind).map(([k, v]) => [k, { n: v.length, p50_ms: round(pct(v, 50)), p95_ms: round(pct(v, 95)), max_ms: round(Math.max(...v)) }]));
    const summary = {
      rows: ROWS,
      queries: m.all.length,
      p50_ms: round(pct(m.all, 50)),
      p95_ms: round(pct(m.all, 95)),
      max_ms: round(Math.max(...m.all)),
      store_p50_ms: round(pct(m.store, 50)),
      store_p95_ms: round(pct(m.store, 95)),
      queries_with_hits: round(m.hitRate),
      identifier_queries_finding_their_record: round(m.foundRate),
      by_kind: kinds,
      db_bytes: dbBytes,
      search_index_bytes: sz.index,
      name_tokens: sz.tokens,
      name_variants: sz.variants,
      generate_insert_s: round(gen.insertSeconds),
      migrate_0080_s: round(gen.migrateSeconds),
      store_insert_us: round(writeUs),
      submit_p50_ms: round(pct(submit, 50)),
      submit_p99_ms: round(pct(submit, 99)),
      index: 'search_doc (nik, phone indexed) + search_token / search_variant (deletions, 1 edit 4-7 letters, 2 edits 8+) + search_posting (256-doc blocks)',
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'search.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const mib = (b) => round(b / 1048576);
    return [
      { name: `search over ${ROWS} submissions: p50 (requests:search, audited)`, value: summary.p50_ms, unit: 'ms' },
      { name: 'search p95', value: summary.p95_ms, unit: 'ms', note: `${summary.queries} queries, ${Object.keys(kinds).length} kinds` },
      { name: 'search max', value: summary.max_ms, unit: 'ms' },
      { name: 'search p95 in the store alone (tookMs)', value: summary.store_p95_ms, unit: 'ms' },
      { name: 'NIK, code and phone queries finding their record on page 1', value: summary.identifier_queries_finding_their_record, unit: 'share' },
      ...Object.entries(kinds).map(([k, v]) => ({ name: `search ${k}: p50 / p95 / max`, value: v.p95_ms, unit: 'ms', note: `p50 ${v.p50_ms}, max ${v.max_ms}` })),
      { name: 'store file size', value: mib(dbBytes), unit: 'MiB' },
      { name: 'of which the search index', value: mib(sz.index), unit: 'MiB', note: `${sz.tokens} name tokens, ${sz.variants} deletion variants` },
      { name: `generate ${ROWS} submissions (batched prepared inserts)`, value: summary.generate_insert_s, unit: 's' },
      { name: `migration 0080: index ${ROWS} stored submissions`, value: summary.migrate_0080_s, unit: 's' },
      { name: 'store.submissions.insert with its index entry, per row', value: summary.store_insert_us, unit: 'µs', note: `${STORE_WRITES} rows, 1,000 a transaction, commits included` },
      { name: 'durable kiosk submit on that store p50', value: summary.submit_p50_ms, unit: 'ms' },
      { name: 'durable kiosk submit on that store p99', value: summary.submit_p99_ms, unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  run().then((rows) => console.table(rows), (err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
