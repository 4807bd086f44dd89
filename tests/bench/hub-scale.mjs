// The hub at scale (issue 13 §6): HUB_SCALE_ROWS submissions (default 10,000,000) in PostgreSQL,
// generated inside PostgreSQL by INSERT ... SELECT generate_series in chunks of 1M (no COPY: COPY
// FROM STDIN from Node needs pg-copy-streams, and generating in the server sends no bytes at all;
// the time is reported), tallied in one pass the way the migration-280 triggers would have, then through `anjungan hub serve`'s HTTP API with real
// cookie sessions: the inbox's first page (admin, officer), a filtered page, each dashboard (a
// month and a year, per agency, service, kecamatan, desa), p50/p95 of 20 runs; and the ingest rate
// (the hub's own commit path, triggers on) while a console user keeps paging.
// Alone: npm run build:node && HUB_SCALE_ROWS=1000000 node tests/bench/hub-scale.mjs (HUB_SCALE_KEEP=1 keeps the data;
// HUB_SCALE_REUSE=<kept schema> measures a kept one again without generating: 10M rows take ~45 min to make)
import { randomBytes, randomUUID, createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const D = '../../dist/node/main';
const { openHubStore } = await import(`${D}/hub/open.js`);
const { startHubServer } = await import(`${D}/hub/server.js`);
const { createLogger } = await import(`${D}/log.js`);
const { readCatalogue } = await import(`${D}/catalogue/catalogue-service.js`);
const { CATALOGUE_DIR } = await import(`${D}/paths.js`);

const ROWS = Number(process.env.HUB_SCALE_ROWS ?? 10_000_000);
const RUNS = 20;
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'output', 'bench');
const DEVICES = 300;
const DAYS = 1100;

function pct(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
const round = (v) => Math.round(v * 10) / 10;

async function login(base, username, password) {
  const r = await fetch(`${base}/console/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status}`);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  return async (path) => {
    const t = performance.now();
    const res = await fetch(`${base}/console/api${path}`, { headers: { cookie } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t, body };
  };
}

export async function run() {
  const base = process.env.ANJUNGAN_TEST_PG;
  if (!base) return [{ name: 'skipped (no ANJUNGAN_TEST_PG)', value: 0, unit: '' }];
  const reuse = process.env.HUB_SCALE_REUSE ?? null;
  if (reuse !== null && !/^bench_scale_[0-9a-f]{8}$/.test(reuse)) throw new Error(`HUB_SCALE_REUSE must name a kept schema (bench_scale_xxxxxxxx), not ${reuse}`);
  const schema = reuse ?? `bench_scale_${randomBytes(4).toString('hex')}`;
  const target = new URL(base);
  target.searchParams.set('schema', schema);
  const admin = new pg.Client({ connectionString: base, options: `-c search_path=${schema}` });
  await admin.connect();
  const rows = [];
  const log = createLogger('bench', () => {});
  let store;
  let hub;
  try {
    store = await openHubStore(target.toString());
    const services = readCatalogue([CATALOGUE_DIR]).services.map((s) => s.id);
    let genMs = 0;
    let tallyMs = 0;
    let size = null;
    let rowsHeld = ROWS;
    const now = Date.now();
    if (reuse) {
      hub = await startHubServer({ store, port: 0, log, enrolment: 'code' });
      rowsHeld = Number((await admin.query('SELECT count(*)::bigint AS n FROM submissions')).rows[0].n);
      rows.push({ name: `reused kept schema ${schema} (${rowsHeld.toLocaleString('en')} submissions; none generated)`, value: 0, unit: '' });
    } else {
      // 300 kiosks in 29 kecamatan of Kabupaten Serang (36.04.xx), each its desa's office.
      const offices = Array.from({ length: DEVICES }, (_, i) => `36.04.${String(1 + (i % 29)).padStart(2, '0')}.${2001 + Math.floor(i / 29)}`);
      await admin.query(`INSERT INTO devices (device_id, public_key, label, enrolled_at) SELECT 'dev-' || g, '\\x00'::bytea, 'Desa ' || g, '2024-01-01T00:00:00.000Z' FROM generate_series(0, ${DEVICES - 1}) g`);
      await admin.query(`INSERT INTO letter_keys (office_code, key_id, device_id, public_key, published_at) SELECT o, 'k', 'dev-' || (i - 1), '\\x00'::bytea, '2024-01-01' FROM unnest($1::text[]) WITH ORDINALITY AS x(o, i)`, [offices]);
      await store.console.accounts.addUser('bench-admin', 'admin', null, 'rahasia-bench-1', 'bench');
      await store.console.accounts.addUser('bench-officer', 'officer', 'dukcapil', 'rahasia-bench-2', 'bench');

      // Generation: triggers off (the tallies, offices and due dates are made below, as the triggers would have).
      const g0 = performance.now();
      await admin.query('ALTER TABLE submissions DISABLE TRIGGER USER');
      const CHUNK = 1_000_000;
      for (let from = 0; from < ROWS; from += CHUNK) {
        const to = Math.min(ROWS, from + CHUNK) - 1;
        // 97% finished (done or rejected, 1–15 days after), 3% open in the workflow's states.
        await admin.query(
          `INSERT INTO submissions (id, device_id, batch_id, registration_no, record, hash, status, received_at, updated_at, state_since, office_code, kecamatan)
           SELECT x.id, 'dev-' || (g % ${DEVICES}), 'bench', 'REG-' || g,
                  json_build_object('id', x.id, 'serviceId', ($1::text[])[1 + (g * 7919) % array_length($1::text[], 1)], 'serviceVersion', 1, 'payload', json_build_object('nama', 'Warga ' || g,
                    -- A third of the complaints ask to be called back (hub migration 430's partial index holds them).
                    'answers', CASE WHEN ($1::text[])[1 + (g * 7919) % array_length($1::text[], 1)] = 'pengaduan' AND g % 3 = 0 THEN json_build_object('mauDihubungi', 'ya', 'noHp', '0812' || lpad((g % 100000000)::text, 8, '0')) END))::text,
                  md5(x.id), x.status, x.recv, x.upd, x.upd, ($5::text[])[1 + g % ${DEVICES}], substr(($5::text[])[1 + g % ${DEVICES}], 1, 8)
           FROM generate_series($2::bigint, $3::bigint) g
           CROSS JOIN LATERAL (SELECT
               (md5(g::text || 'id')::uuid)::text AS id,
               to_char(to_timestamp($4::double precision / 1000 - (g % ${DAYS}) * 86400 - (g * 37 % 36000)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS recv,
               to_char(to_timestamp($4::double precision / 1000 - (g % ${DAYS}) * 86400 + (1 + g % 15) * 86400) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS upd,
               CASE WHEN g % 100 < 3 THEN (ARRAY['sent', 'accepted', 'verified', 'incomplete', 'processing'])[1 + g % 5] WHEN g % 100 < 10 THEN 'rejected' ELSE 'done' END AS status) x`,
          [services, from, to, now, offices],
        );
        process.stderr.write(`hub-scale: ${to + 1} rows\n`);
      }
      const day = (c) => `((${c})::timestamptz AT TIME ZONE 'UTC' + interval '7 hours')::date::text`;
      const fin = `status IN ('done', 'rejected', 'collected')`;
      // Open ones get a recent receipt day (a backlog, not three years of it).
      await admin.query(`UPDATE submissions SET received_at = to_char(now() - (length(id) % 7 + (hashtext(id) & 31)) * interval '1 day', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') WHERE NOT (${fin})`);
      genMs = performance.now() - g0;
      const t0 = performance.now();
      // The reference tables the triggers read: written by the hub server at start; start it once here.
      hub = await startHubServer({ store, port: 0, log, enrolment: 'code' });
      for (let i = 0; i < 100; i++) {
        const n = (await admin.query('SELECT count(*)::int AS n FROM hub_calendar')).rows[0].n;
        if (n > 7000) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await admin.query(`
        INSERT INTO hub_tally (dim, day, key, received, finished, in_sla)
        SELECT dim, d, k, sum(rc), sum(fc), sum(ok2) FROM (
          SELECT s.service_id AS svc, ${day('s.received_at')} AS rd, ${day('s.updated_at')} AS fd, (SELECT min(office_code) FROM letter_keys k WHERE k.device_id = s.device_id) AS office,
                 CASE WHEN ${fin} THEN 1 ELSE 0 END AS f,
                 CASE WHEN ${fin} AND t.wd - r.wd <= coalesce(v.days, 10) THEN 1 ELSE 0 END AS ok
          FROM submissions s LEFT JOIN hub_calendar t ON t.day = ${day('s.updated_at')} LEFT JOIN hub_calendar r ON r.day = ${day('s.received_at')}
          LEFT JOIN hub_service_sla v ON v.service_id = s.service_id
        ) x, LATERAL (VALUES ('service', rd, coalesce(svc, '?'), 1, 0, 0), ('office', rd, coalesce(office, '?'), 1, 0, 0), ('service', fd, coalesce(svc, '?'), 0, f, ok), ('office', fd, coalesce(office, '?'), 0, f, ok)) v(dim, d, k, rc, fc, ok2)
        GROUP BY dim, d, k`);
      // The open requests per service and receipt day (hub migration 410), as its triggers would have kept them.
      await admin.query(`INSERT INTO hub_open_tally (service_id, day, n) SELECT coalesce(service_id, '?'), substr(received_at, 1, 10), count(*) FROM submissions WHERE NOT (${fin}) GROUP BY 1, 2`);
      await admin.query('ALTER TABLE submissions ENABLE TRIGGER USER');
      // The open ones' SLA deadlines (due_at, hub migration 310), as its trigger computes them: what the hub does when its calendar changes.
      await admin.query('UPDATE submissions SET state_since = state_since WHERE status IN (SELECT status FROM hub_state_sla)');
      // What autovacuum does after a bulk load: statistics, and the visibility map the capped counts' index-only scans need.
      await admin.query('VACUUM ANALYZE submissions, hub_tally, letter_keys');
      tallyMs = performance.now() - t0;
      size = (await admin.query(`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`, [schema])).rows[0].s;
      rows.push({ name: `generate ${ROWS.toLocaleString('en')} submissions (INSERT … SELECT generate_series, indexes live)`, value: round(genMs / 1000), unit: 's', note: `database ${size}` });
      rows.push({ name: 'tally them (one GROUP BY pass), due dates + VACUUM ANALYZE', value: round(tallyMs / 1000), unit: 's' });
    }

    const asAdmin = await login(hub.url, 'bench-admin', 'rahasia-bench-1');
    const asOfficer = await login(hub.url, 'bench-officer', 'rahasia-bench-2');
    const today = new Date(now + 7 * 3600_000).toISOString().slice(0, 10);
    const monthAgo = new Date(now - 30 * 86_400_000).toISOString().slice(0, 10);
    const yearAgo = new Date(now - 364 * 86_400_000).toISOString().slice(0, 10);
    const measures = [
      ['inbox first page (admin, all agencies)', asAdmin, '/inbox'],
      ['inbox first page (officer, Dukcapil)', asOfficer, '/inbox'],
      ['inbox filtered (officer: processing, one service)', asOfficer, '/inbox?status=processing&service=ktp-el-baru'],
      ['inbox filtered (admin: breached, one kecamatan)', asAdmin, '/inbox?breached=1&office=36.04.02'],
      ['inbox page 200 (admin)', asAdmin, '/inbox?page=200'],
      ['complaints first page (admin)', asAdmin, '/complaints'],
      ['complaints callback only, page 20 (admin)', asAdmin, '/complaints?callback=1&page=20'],
      ['escalations (admin)', asAdmin, '/escalations'],
    ];
    for (const dim of ['agency', 'service', 'kecamatan', 'desa']) {
      measures.push([`dashboard ${dim}, a month`, asAdmin, `/dashboard?dim=${dim}&from=${monthAgo}&to=${today}`]);
      measures.push([`dashboard ${dim}, a year`, asAdmin, `/dashboard?dim=${dim}&from=${yearAgo}&to=${today}`]);
    }
    measures.push(['dashboard service, a year (officer)', asOfficer, `/dashboard?dim=service&from=${yearAgo}&to=${today}`]);
    const detail = [];
    for (const [name, as, path] of measures) {
      await as(path);
      const ms = [];
      for (let i = 0; i < RUNS; i++) ms.push((await as(path)).ms);
      rows.push({ name: `${name} p95`, value: round(pct(ms, 95)), unit: 'ms', note: `p50 ${round(pct(ms, 50))} ms${pct(ms, 95) > 300 ? ' OVER 300 ms' : ''}` });
      detail.push({ name, path, p50: pct(ms, 50), p95: pct(ms, 95) });
    }

    // Ingest while a console user pages the inbox and the dashboard without pause.
    let paging = true;
    let pages = 0;
    const console_ = (async () => {
      while (paging) {
        await asAdmin(pages % 2 ? '/inbox' : `/dashboard?dim=agency&from=${monthAgo}&to=${today}`);
        pages++;
      }
    })();
    const BATCH = 500;
    const BATCHES = Number(process.env.HUB_SCALE_INGEST_BATCHES ?? 60);
    const i0 = performance.now();
    const at = new Date().toISOString();
    // 4 devices uploading at once, as the hub's pool serves them.
    await Promise.all(
      [0, 1, 2, 3].map(async (w) => {
        for (let b = w; b < BATCHES; b += 4) {
          const records = Array.from({ length: BATCH }, () => {
            const id = randomUUID();
            const text = JSON.stringify({ id, serviceId: services[b % services.length], serviceVersion: 1, payload: { nama: 'Warga baru' } });
            return { id, text, hash: createHash('sha256').update(text).digest('hex'), registrationNo: null };
          });
          await store.commitBatch({ batchId: randomUUID(), deviceId: `dev-${b % DEVICES}`, digest: 'x'.repeat(64), records, invalid: [], at, forwardTo: [] });
        }
      }),
    );
    const ingestS = (performance.now() - i0) / 1000;
    paging = false;
    await console_;
    rows.push({ name: 'ingest while the console is in use (4 uploads at once, batches of 500)', value: Math.round((BATCH * BATCHES) / ingestS), unit: 'subm/s', note: `${BATCH * BATCHES} submissions, ${pages} console pages meanwhile` });
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'hub-scale.json'), JSON.stringify({ at: new Date().toISOString(), rows: rowsHeld, reused: reuse, generateSeconds: genMs / 1000, tallySeconds: tallyMs / 1000, size, detail, ingestPerSecond: (BATCH * BATCHES) / ingestS }, null, 2));
  } finally {
    await hub?.close();
    await store?.close();
    // HUB_SCALE_KEEP=1 leaves the generated schema for EXPLAIN ANALYZE afterwards (its name is printed; drop it by hand).
    if (process.env.HUB_SCALE_KEEP === '1' || reuse) process.stderr.write(`hub-scale: kept schema ${schema}\n`);
    else await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => {});
    await admin.end();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.env.ANJUNGAN_TEST_PG ??= 'postgres://anjungan:anjungan@127.0.0.1:5432/anjungan_test';
  for (const r of await run()) console.log(`${r.name.padEnd(72)} ${String(r.value).padStart(10)} ${r.unit}  ${r.note ?? ''}`);
}
