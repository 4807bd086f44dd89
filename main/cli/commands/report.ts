import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { wibDay } from '../../../shared/domain/working-days.js';
import { isDay, periodAround, periodProblem, REPORT_KINDS, type Period, type ReportKind } from '../../../shared/reports/reports.js';
import { readCatalogue } from '../../catalogue/catalogue-service.js';
import { dusunFromStored, kopFromStored, reportCsv, reportPdf, type ReportSource } from '../../core/reports/report-files.js';
import type { Kop } from '../../core/reports/pdf.js';
import { reportService } from '../../core/reports/report-service.js';
import { queueReport } from '../../core/queue/queue-report.js';
import { DATABASE_FILE, openStore } from '../../db/store.js';
import { CATALOGUE_DIR } from '../../paths.js';
import { parseOptions, UsageError, type Command } from '../command.js';

const KINDS = REPORT_KINDS;

/**
 * --from and --to come together, as the contract writes them (`[--from YYYY-MM-DD --to
 * YYYY-MM-DD]`); without either, the month of today (WIB) so far.
 */
export function periodOf(from: string | undefined, to: string | undefined, now: Date): Period {
  if (from !== undefined && !isDay(from)) throw new UsageError(`--from must be a date YYYY-MM-DD, got "${from}"`);
  if (to !== undefined && !isDay(to)) throw new UsageError(`--to must be a date YYYY-MM-DD, got "${to}"`);
  if ((from === undefined) !== (to === undefined)) throw new UsageError(`--from and --to go together (${from === undefined ? '--from' : '--to'} is missing); give neither for this month so far`);
  const today = wibDay(now.toISOString());
  const p: Period = from !== undefined && to !== undefined ? { from, to } : { from: periodAround('month', today).from, to: today };
  const problem = periodProblem(p);
  if (problem) throw new UsageError(problem);
  return p;
}

export const reportCommand: Command = {
  name: 'report',
  summary: 'the office\'s reports (services, SLA, queue, IKM) as CSV or PDF, from a data folder',
  usage: `anjungan report services|sla|queue|ikm --data DIR [--from YYYY-MM-DD --to YYYY-MM-DD] --format csv|pdf --out FILE

  services   requests per service, per desa, per dusun (the RW -> dusun mapping set on the desk),
             by channel (kiosk, desk) and by state
  sla        per service: finished, finished within the SLA (working days), median and p90 days
  queue      tickets by state and lane; waiting and serving times (median, p90) per counter, per hour, overall
  ikm        IKM per PermenPAN-RB 14/2017: NRR per unsur, IKM, x 25, mutu; overall and per service
  --data     the device's data folder (its anjungan.sqlite is read; an older one is migrated first)
  --from     first office day (WIB) of the period (with --to)
  --to       last office day of the period, included (with --from);
             without both: from the first of this month (WIB) to today
  --format   csv: a header row, then one row per group with its count; pdf: kop, period, charts
  --out      the file to write (replaced whole, never left half-written)

Prints "wrote FILE (N rows)" on stdout. Exit 0: written; 1: the report failed; 2: usage.`,
  async run(argv) {
    const { values, positionals } = parseOptions(
      argv,
      { data: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
      true,
    );
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError(`expected one report: ${KINDS.join(', ')}`);
    const kind = positionals[0]!;
    if (!(KINDS as readonly string[]).includes(kind)) throw new UsageError(`unknown report "${kind}": expected ${KINDS.join(', ')}`);
    if (values.format !== 'csv' && values.format !== 'pdf') throw new UsageError(`--format must be csv or pdf${values.format === undefined ? '' : `, got "${values.format}"`}`);
    if (!values.out) throw new UsageError('--out FILE is required');
    if (!values.data) throw new UsageError('--data DIR is required');
    const period = periodOf(values.from, values.to, new Date());
    const dataDir = resolve(values.data);
    if (!existsSync(join(dataDir, DATABASE_FILE))) {
      process.stderr.write(`anjungan report: no ${DATABASE_FILE} in ${dataDir}\n`);
      return 1;
    }
    const out = resolve(values.out);
    const store = openStore(dataDir);
    try {
      let body: string | Buffer;
      let rows = -1;
      const kop = (): Kop => kopFromStored(store.settings.readAll());
      const { services } = readCatalogue([CATALOGUE_DIR, join(dataDir, 'catalogue-hub'), join(dataDir, 'catalogue')]);
      // Counters the admin never named are "Loket N" in the report. The same query code as the desk's reports:* (request tallies 0130/0150/0210, queue tallies 0140).
      const src: ReportSource = {
        reports: reportService({ reports: store.reports, services, dusun: dusunFromStored(store.settings.readAll()) }),
        queue: (p) => queueReport(store.queue, p, store.queue.counters()),
      };
      const k = kind as ReportKind;
      if (values.format === 'csv') ({ csv: body, rows } = reportCsv(src, k, period));
      else body = await reportPdf(src, k, period, kop(), new Date());
      mkdirSync(dirname(out), { recursive: true });
      // Written beside, then renamed: a failed run never leaves half a file at --out.
      const tmp = `${out}.${process.pid}.tmp`;
      writeFileSync(tmp, body);
      renameSync(tmp, out);
      process.stdout.write(rows >= 0 ? `wrote ${out} (${rows} rows)\n` : `wrote ${out} (${body.length} bytes)\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
