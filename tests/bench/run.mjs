// `npm run bench`: every benchmark of the project, one table. Figures are measured here, never
// asserted by timed unit tests. Each area's module exports `run()` returning rows
// { name, value, unit, note? }. Results also go to tests/output/bench.json.
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The PostgreSQL role and database that .ci/setup creates (the hub's ingest rate is measured on both backends).
process.env.ANJUNGAN_TEST_PG ??= 'postgres://anjungan:anjungan@127.0.0.1:5432/anjungan_test';
const only = process.argv.slice(2);
const modules = ['foundation', 'cli-start', 'encryption', 'devices', 'kiosk', 'sync', 'sync-process', 'hub-ingest', 'search', 'reports', 'queue', 'hub-scale'].filter((m) => only.length === 0 || only.includes(m));

const all = [];
for (const name of modules) {
  const file = join(here, `${name}.mjs`);
  if (!existsSync(file)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const started = Date.now();
  try {
    const mod = await import(pathToFileURL(file).href);
    const rows = await mod.run();
    for (const row of rows) all.push({ area: name, ...row });
  } catch (err) {
    all.push({ area: name, name: 'FAILED', value: NaN, unit: '', note: String(err?.stack ?? err).split('\n')[0] });
  }
  process.stderr.write(`bench: ${name} done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(v < 10 ? 3 : 1)) : String(v));
const widths = [10, 56, 12, 8];
const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i] ?? 0)).join('  ');
console.log(line(['AREA', 'MEASURE', 'VALUE', 'UNIT']) + '  NOTE');
for (const r of all) console.log(line([r.area, r.name, fmt(r.value), r.unit]) + (r.note ? `  ${r.note}` : ''));

const out = join(here, '..', 'output');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'bench.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, rows: all }, null, 2));
if (all.some((r) => r.name === 'FAILED')) process.exitCode = 1;
