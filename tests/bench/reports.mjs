// Office reports (issue 11 §2): 1,000,000 generated submissions over a year (services, desa,
// channels, states, finishes, RW) and 1,000,000 SKM answer sheets in a real store file, tallied by
// migrations 0130, 0150, 0210, 0240 and 0250 as an upgraded kiosk would be; then each report (services, sla, ikm) through
// the same report service as the desk and the CLI, for a month and for the whole year, p50/p95; and the
// per-dusun group alone (0250's tally per desa and RW, mapped to the office's dusun when read).
// Writes tests/output/bench/reports.json. Alone: npm run bench -- reports (REPORTS_BENCH_ROWS=N)
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const D = '../../dist/node/main';
const { openStore, DATABASE_FILE } = await import(`${D}/db/store.js`);
const { openDatabase } = await import(`${D}/db/open.js`);
const { MIGRATIONS } = await import(`${D}/db/migrations/index.js`);
const { reportService } = await import(`${D}/core/reports/report-service.js`);
const { readCatalogue } = await import(`${D}/catalogue/catalogue-service.js`);
const { CATALOGUE_DIR } = await import(`${D}/paths.js`);
const { countsPerDusun } = await import(`${D}/../shared/domain/dusun.js`);

const ROWS = Number(process.env.REPORTS_BENCH_ROWS ?? 1_000_000);
// As many SKM answer sheets as submissions: the IKM is read from migration 0150's daily tally.
const SKM_ROWS = Number(process.env.REPORTS_BENCH_SKM_ROWS ?? ROWS);
const BATCH = 50_000;
const RUNS = 30;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'output', 'bench');
const DESA = ['Kramatwatu', 'Pejaten', 'Margasana', 'Pegadingan', 'Serdang', 'Toyomerto', 'Wanayasa', 'Pelamunan', 'Terate', 'Harjatani', 'Tonjong', 'Lebakwana', 'Kemanisan', 'Kramatjaya', 'Terumbu'];
const FINAL = ['ready', 'collected', 'done', 'rejected'];
const OPEN = ['received', 'checking', 'incomplete', 'awaiting_signature', 'processing'];
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
// RW 001-012 in every desa; the office (the default, Desa Kramatwatu) has four dusun over RW 001-010 (011, 012 in none).
const RWS = 12;
const DUSUN = { officeCode: '36.04.05.2001', dusunMap: [{ name: 'Dusun I', rws: ['001', '002', '003'] }, { name: 'Dusun II', rws: ['004', '005'] }, { name: 'Dusun III', rws: ['006', '007', '008'] }, { name: 'Dusun IV', rws: ['009', '010'] }] };

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const round = (v) => Math.round(v * 100) / 100;
function rng(seed) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** Fills the store at the schema before 0130 (no fsync: set-up), then openStore tallies it. */
function generate(dir, serviceIds) {
  const db = openDatabase(join(dir, DATABASE_FILE), { migrations: MIGRATIONS.filter((m) => m.version < 130) });
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const sub = db.prepare('INSERT INTO submissions (id, registration_no, tracking_code, service_id, service_version, payload, status, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)');
  const st = db.prepare("INSERT INTO submission_status (submission_id, status, note, at, source) VALUES (?, ?, NULL, ?, 'local')");
  const skm = db.prepare('INSERT INTO skm_response (id, submission_id, service_id, u1, u2, u3, u4, u5, u6, u7, u8, u9, created_at) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const r = rng(11);
  for (let start = 0; start < ROWS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(ROWS, start + BATCH); i++) {
        const id = randomUUID();
        const created = YEAR_START + Math.floor(r() * 365 * 86_400_000);
        const service = serviceIds[Math.floor(r() * r() * serviceIds.length)];
        const finished = r() < 0.85;
        const status = finished ? FINAL[Math.floor(r() * FINAL.length)] : OPEN[Math.floor(r() * OPEN.length)];
        const imported = i % 50 === 49;
        const payload = imported ? { imported: true, line: i } : { channel: r() < 0.6 ? 'kiosk' : 'desk', applicant: { kelDesa: DESA[Math.floor(r() * DESA.length)], rw: String(1 + Math.floor(r() * RWS)).padStart(3, '0') } };
        const at = new Date(created).toISOString();
        const doneAt = new Date(created + Math.floor(r() * 8 * 86_400_000)).toISOString();
        sub.run(id, `R${i}`, `T${i}`, service, JSON.stringify(payload), status, at, finished ? doneAt : at);
        st.run(id, 'received', at);
        if (finished) st.run(id, status, doneAt);
      }
    })();
  }
  for (let start = 0; start < SKM_ROWS; start += BATCH) {
    db.transaction(() => {
      for (let i = start; i < Math.min(SKM_ROWS, start + BATCH); i++) {
        const a = Array.from({ length: 9 }, () => 1 + Math.floor(r() * 4 * 0.6 + r() * 4 * 0.4) % 4);
        skm.run(randomUUID(), serviceIds[Math.floor(r() * serviceIds.length)], ...a, new Date(YEAR_START + Math.floor(r() * 365 * 86_400_000)).toISOString());
      }
    })();
  }
  db.close();
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-reports-'));
  try {
    const { services } = readCatalogue([CATALOGUE_DIR]);
    const t0 = performance.now();
    generate(dir, services.map((s) => s.id));
    const genMs = performance.now() - t0;
    const t1 = performance.now();
    const store = openStore(dir);
    const migrateMs = performance.now() - t1;
    const reports = reportService({ reports: store.reports, services, dusun: DUSUN });
    // The write path with the triggers: 10,000 submissions through the store, each its own transaction.
    const t2 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      store.submissions.insert({ id: randomUUID(), registrationNo: `W${i}`, trackingCode: `WT${i}`, serviceId: services[0].id, serviceVersion: 1, payload: { channel: 'kiosk', applicant: { kelDesa: 'Kramatwatu', rw: '001' } }, createdAt: new Date(YEAR_START + i * 60_000).toISOString() });
    }
    const writeMs = (performance.now() - t2) / 10_000;
    // The survey's write path with migration 0150's tally trigger.
    const t3 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      store.kiosk.insertSkm({ id: randomUUID(), submissionId: null, serviceId: services[i % services.length].id, scores: { u1: 4, u2: 3, u3: 3, u4: 4, u5: 3, u6: 3, u7: 4, u8: 3, u9: 3 }, createdAt: new Date(YEAR_START + i * 60_000).toISOString() });
    }
    const skmWriteMs = (performance.now() - t3) / 10_000;
    const periods = { month: { from: '2026-06-01', to: '2026-06-30' }, year: { from: '2026-01-01', to: '2026-12-31' } };
    const rows = [
      { name: `generate ${ROWS} submissions + ${SKM_ROWS} SKM sheets`, value: round(genMs / 1000), unit: 's' },
      { name: 'migrations 0130 + 0150 + 0210 + 0240 + 0250 (tally every stored submission and SKM sheet, by day and month)', value: round(migrateMs / 1000), unit: 's' },
      { name: 'store insert with report triggers (mean)', value: round(writeMs), unit: 'ms' },
      { name: 'SKM answer insert with the daily tally trigger (mean)', value: round(skmWriteMs), unit: 'ms' },
    ];
    const figures = {};
    let check = 0;
    // The per-dusun group alone, as report-service.ts reads it: 0250's tally, the mapping applied in code.
    const dusun = (p) => countsPerDusun(store.reports.rwCounts(p), 'Kramatwatu', DUSUN.dusunMap);
    for (const kind of ['services', 'sla', 'ikm', 'dusun']) {
      for (const [pname, p] of Object.entries(periods)) {
        const times = [];
        for (let k = 0; k < RUNS; k++) {
          const t = performance.now();
          const r = kind === 'dusun' ? dusun(p) : reports[kind](p);
          times.push(performance.now() - t);
          check += kind === 'dusun' ? r.length : kind === 'services' ? r.total : kind === 'sla' ? r.rows.length : r.overall.responses;
        }
        figures[`${kind}/${pname}`] = { p50: round(pct(times, 50)), p95: round(pct(times, 95)) };
        rows.push({ name: `report ${kind}, ${pname} (p50)`, value: round(pct(times, 50)), unit: 'ms' });
        rows.push({ name: `report ${kind}, ${pname} (p95)`, value: round(pct(times, 95)), unit: 'ms', note: pct(times, 95) <= 500 ? 'target <= 500 ms: met' : 'target <= 500 ms: MISSED' });
      }
    }
    const year = reports.services(periods.year);
    // Every submission of the year once in the per-dusun group (the groups sum to the total).
    if (year.byDusun.reduce((a, g) => a + g.count, 0) !== year.total) throw new Error('per-dusun counts do not sum to the total');
    store.close();
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'reports.json'), JSON.stringify({ at: new Date().toISOString(), rows: ROWS, skmRows: SKM_ROWS, runs: RUNS, yearTotal: year.total, yearByDusun: year.byDusun.map((g) => [g.key, g.count]), generateS: round(genMs / 1000), migrateS: round(migrateMs / 1000), insertMs: round(writeMs), skmInsertMs: round(skmWriteMs), figures, check }, null, 2));
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
