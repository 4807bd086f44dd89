import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { readCatalogue } from '../../catalogue/catalogue-service.js';
import { officeText } from '../../core/handlers/privacy.js';
import { purgeDue } from '../../core/privacy/purge.js';
import { subjectReport, subjectReportPdf } from '../../core/privacy/subject-report.js';
import { kopFromStored } from '../../core/reports/report-files.js';
import { DATABASE_FILE, openStore, type Store } from '../../db/store.js';
import { CATALOGUE_DIR } from '../../paths.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { DEFAULT_SETTINGS, DesaCode } from '../../../shared/domain/settings.js';

/** Opens the data folder's store and its catalogue (shipped, hub's, office's), or says what is missing. */
function openData(data: string | undefined): { store: Store; dataDir: string } {
  if (!data) throw new UsageError('--data DIR is required');
  const dataDir = resolve(data);
  if (!existsSync(join(dataDir, DATABASE_FILE))) throw new Error(`no ${DATABASE_FILE} in ${dataDir}`);
  return { store: openStore(dataDir), dataDir };
}

const servicesOf = (dataDir: string) => readCatalogue([CATALOGUE_DIR, join(dataDir, 'catalogue-hub'), join(dataDir, 'catalogue')]).services;

export const privacyPurgeCommand: Command = {
  name: 'privacy purge',
  summary: 'minimise finished, acknowledged requests past their retention period (UU 27/2022)',
  usage: `anjungan privacy purge --data DIR [--dry-run] [--json]

  Minimises every request that is finished (done, collected, rejected), acknowledged by the hub
  (which keeps the record of account) and older than its service's retention period counted
  from the day it finished: name, NIK, address, answers and attachment go; the service, dates,
  statuses, desa, channel, queue number and consent record stay (the reports still count it).
  The running app does the same once a day.

  --data DIR   the device's data folder
  --dry-run    count only; change nothing
  --json       one JSON object: {"examined":N,"purged":N,"waitingForHub":N,"withinRetention":N,"dryRun":B}

Exit 0: done; 1: failed (nothing half-done: each batch is one transaction); 2: usage.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const { store, dataDir } = openData(values.data);
    try {
      const dryRun = values['dry-run'] === true;
      const r = purgeDue(store.privacy, servicesOf(dataDir), new Date(), { dryRun });
      if (!dryRun && r.purged > 0) store.audit.append('cli', 'privacy.purge', null, { purged: r.purged, examined: r.examined });
      const summary = { examined: r.examined, purged: r.purged, waitingForHub: r.waitingForHub, withinRetention: r.withinRetention, dryRun };
      process.stdout.write(
        values.json
          ? `${JSON.stringify(summary)}\n`
          : `${dryRun ? 'would minimise' : 'minimised'} ${r.purged} of ${r.examined} finished requests ` +
              `(${r.waitingForHub} waiting for the hub, ${r.withinRetention} within their retention period)\n`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};

export const privacyReportCommand: Command = {
  name: 'privacy report',
  summary: 'what this office holds about one resident, as a PDF (UU 27/2022 data-subject report)',
  usage: `anjungan privacy report --data DIR --nik NIK --out FILE.pdf [--json]

  --data DIR   the device's data folder
  --nik NIK    the resident's 16-digit NIK (at the desk the e-KTP on the reader identifies them)
  --out FILE   the PDF to write (replaced whole, never left half-written)
  --json       also print the report as one JSON object on stdout

Prints "wrote FILE (N requests)" on stderr. Exit 0: written; 1: failed; 2: usage.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, nik: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.nik || !/^\d{16}$/.test(values.nik)) throw new UsageError('--nik must be 16 digits');
    if (!values.out) throw new UsageError('--out FILE is required');
    const { store, dataDir } = openData(values.data);
    try {
      const stored = store.settings.readAll();
      const code = DesaCode.safeParse(stored['officeCode']);
      const now = new Date();
      const report = subjectReport(store.privacy, servicesOf(dataDir), values.nik, officeText(code.success ? code.data : DEFAULT_SETTINGS.officeCode), now);
      store.audit.append('cli', 'privacy.subject-report', null, { nik: report.nikMasked, requests: report.requests.length });
      const pdf = await subjectReportPdf(report, kopFromStored(stored), now);
      const out = resolve(values.out);
      mkdirSync(dirname(out), { recursive: true });
      const tmp = `${out}.${process.pid}.tmp`;
      writeFileSync(tmp, pdf, { mode: 0o600 });
      renameSync(tmp, out);
      if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      process.stderr.write(`wrote ${out} (${report.requests.length} requests)\n`);
      return 0;
    } finally {
      store.close();
    }
  },
};
