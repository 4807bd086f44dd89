// The queue at scale (issue 11 §2 "1,000,000 tickets"): a year of 1,000,000 served tickets in a
// real store file (tickets, their call moves, and migration 0140's tallies as the service writes
// them), then, through the core's dispatcher as the desk and the display call it: taking a ticket,
// "call next" at a counter (with the day's queue waiting), the display's board, and the queue
// report for a month and the whole year, p50/p95. Writes tests/output/bench/queue.json.
// Alone: npm run bench -- queue (QUEUE_BENCH_ROWS=N)
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const D = '../../dist/node/main';
const { DATABASE_FILE } = await import(`${D}/db/store.js`);
const { openDatabase } = await import(`${D}/db/open.js`);
const { MIGRATIONS } = await import(`${D}/db/migrations/index.js`);
const { createCore } = await import(`${D}/core/core.js`);
const { invokeOrThrow } = await import(`${D}/core/dispatcher.js`);
const { createLogger } = await import(`${D}/log.js`);
const { timeBucket } = await import('../../dist/node/shared/queue/report.js');

const ROWS = Number(process.env.QUEUE_BENCH_ROWS ?? 1_000_000);
const BATCH = 50_000;
const RUNS = 300;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'output', 'bench');
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
// Today, for the live part: 31 Dec 2026, 08:00 WIB (the year's tickets are all on earlier days).
const TODAY_MS = Date.parse('2026-12-31T01:00:00Z');
const GROUPS = ['A', 'B', 'U'];
const END = ['done', 'done', 'done', 'done', 'done', 'done', 'done', 'no_show', 'cancelled'];

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const round = (v) => Math.round(v * 100) / 100;
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** A year of finished tickets, spread over 364 office days (08:00-15:00 WIB), and their tallies. */
function generate(dir) {
  const db = openDatabase(join(dir, DATABASE_FILE), { migrations: MIGRATIONS });
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const ins = db.prepare(
    'INSERT INTO queue_tickets (id, day, grp, number, queue_grp, lane, state, source, submission_id, counter, calls, issued_at, waiting_since, called_at, serving_at, ended_at, version, synced_version) ' +
      "VALUES (?, ?, ?, ?, ?, ?, ?, 'kiosk', NULL, ?, ?, ?, ?, ?, ?, ?, 4, 4)",
  );
  const move = db.prepare("INSERT INTO queue_moves (ticket_id, move, from_state, to_state, counter, detail, actor, at) VALUES (?, 'call', 'issued', 'called', ?, ?, 'bench', ?)");
  const tally = new Map();
  const add = (day, dim, key, kind, bucket) => {
    const k = `${day}|${dim}|${key}|${kind}|${bucket}`;
    tally.set(k, (tally.get(k) ?? 0) + 1);
  };
  const perDay = Math.ceil(ROWS / 364);
  const numbers = new Map();
  const r = rng(7);
  for (let start = 0; start < ROWS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
        const dayIndex = Math.floor(i / perDay);
        const day = new Date(YEAR_START + dayIndex * 86_400_000).toISOString().slice(0, 10);
        const grp = GROUPS[Math.floor(r() * GROUPS.length)];
        const nk = `${day}|${grp}`;
        const number = (numbers.get(nk) ?? 0) + 1;
        numbers.set(nk, number);
        const issued = YEAR_START + dayIndex * 86_400_000 + 3600_000 * (1 + r() * 7); // 08:00-15:00 WIB
        const wait = Math.floor(r() * r() * 3600);
        const serve = 60 + Math.floor(r() * 900);
        const counter = 1 + Math.floor(r() * 4);
        const end = END[Math.floor(r() * END.length)];
        const calledAt = issued + wait * 1000;
        const iso = (ms) => new Date(ms).toISOString();
        const hour = String(Math.floor(((issued / 3600_000) + 7) % 24)).padStart(2, '0');
        const lane = r() < 0.1 ? 'lansia' : 'none';
        const id = randomUUID();
        if (end === 'cancelled') {
          ins.run(id, day, grp, number, grp, lane, end, null, 0, iso(issued), iso(issued), null, null, iso(calledAt));
          continue;
        }
        ins.run(id, day, grp, number, grp, lane, end, counter, 1, iso(issued), iso(issued), iso(calledAt), end === 'done' ? iso(calledAt + 30_000) : null, iso(calledAt + (end === 'done' ? 30_000 + serve * 1000 : 60_000)));
        move.run(id, counter, JSON.stringify({ callId: randomUUID() }), iso(calledAt));
        for (const [dim, key] of [['counter', String(counter)], ['hour', hour]]) {
          add(day, dim, key, 'wait', timeBucket(wait));
          if (end === 'done') add(day, dim, key, 'serve', timeBucket(serve));
          else add(day, dim, key, 'no_show', 0);
        }
      }
    })();
  }
  const t = db.prepare('INSERT INTO queue_tally (day, dim, key, kind, bucket, n) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const [k, n] of tally) {
      const [day, dim, key, kind, bucket] = k.split('|');
      t.run(day, dim, key, kind, Number(bucket), n);
    }
  })();
  db.close();
  return tally.size;
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-queue-'));
  const clock = { ms: TODAY_MS };
  let core;
  try {
    const t0 = performance.now();
    const tallyRows = generate(dir);
    const genMs = performance.now() - t0;
    core = await createCore({ dataDir: dir, shell: 'host', log: createLogger('bench', () => {}), now: () => new Date(clock.ms), watchCatalogue: false, devices: { reader: 'none', printer: 'none' } });
    const call = (name, req) => invokeOrThrow(core.dispatcher, name, req);
    const timed = async (times, f) => {
      const t = performance.now();
      const v = await f();
      times.push(performance.now() - t);
      return v;
    };
    const rows = [{ name: `generate ${ROWS} tickets over a year (+ call moves, ${tallyRows} tally rows)`, value: round(genMs / 1000), unit: 's' }];
    const figures = {};
    const report = (name, times) => {
      figures[name] = { p50: round(pct(times, 50)), p95: round(pct(times, 95)) };
      rows.push({ name: `${name} (p50)`, value: round(pct(times, 50)), unit: 'ms' });
      rows.push({ name: `${name} (p95)`, value: round(pct(times, 95)), unit: 'ms', note: pct(times, 95) <= 500 ? 'target <= 500 ms: met' : 'target <= 500 ms: MISSED' });
    };
    // Today's morning: tickets taken (no printer), so the counter has a queue to call from.
    const take = [];
    for (let i = 0; i < 2 * RUNS; i++) {
      clock.ms += 1000;
      await timed(take, () => call('queue:take', { group: GROUPS[i % GROUPS.length], lane: i % 10 === 0 ? 'lansia' : 'none', print: false }));
    }
    report('queue:take (desk, no print)', take);
    const next = [];
    const board = [];
    for (let i = 0; i < RUNS; i++) {
      clock.ms += 20_000;
      await timed(next, () => call('queue:next', { counter: 1 }));
      await timed(board, () => call('queue:board', {}));
      await call('queue:start', { counter: 1 });
      clock.ms += 60_000;
      await call('queue:finish', { counter: 1 });
    }
    report('queue:next at a counter (a queue of ~600 waiting)', next);
    report('queue:board (display)', board);
    const periods = { month: { from: '2026-06-01', to: '2026-06-30' }, year: { from: '2026-01-01', to: '2026-12-31' } };
    let check = 0;
    for (const [pname, period] of Object.entries(periods)) {
      const times = [];
      for (let k = 0; k < 30; k++) check += (await timed(times, () => call('reports:queue', { period }))).issued;
      report(`report queue, ${pname}`, times);
    }
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'queue.json'), JSON.stringify({ at: new Date().toISOString(), rows: ROWS, tallyRows, generateS: round(genMs / 1000), figures, check }, null, 2));
    return rows;
  } finally {
    await core?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
