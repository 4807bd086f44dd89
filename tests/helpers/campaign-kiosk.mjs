// Child process of the fault campaign (tests/node/faults/campaign.test.ts): the real core from
// dist/ with a real TCP printer (the simulator) and a real hub upstream. It loops the kiosk's
// own calls: kiosk:submit, print:receipt (then waits for the job to print), sync:now; and says
// each completed step on stdout, one line each, so the test can kill -9 it at a chosen step.
//   node campaign-kiosk.mjs DATA_DIR HUB_URL PRINTER_URI loop|final
// "final": submit nothing; drain the print queue and sync until nothing is pending, then exit 0.
import { randomUUID } from 'node:crypto';
import { createCore } from '../../dist/node/main/core/core.js';
import { createLogger } from '../../dist/node/main/log.js';

const [dataDir, upstream, printer, mode] = process.argv.slice(2);
const say = (line) => process.stdout.write(`${line}\n`);
const core = await createCore({
  dataDir,
  shell: 'host',
  log: createLogger('campaign-kiosk', () => {}),
  watchCatalogue: false,
  devices: { reader: 'none', printer },
  deviceTuning: { printerPollMs: 200, printRetryMs: 100 },
  // Passes only when asked (sync:now), so each step of the loop is one step.
  sync: { upstream, debounceMs: 3_600_000, intervalMs: 3_600_000 },
});
const ctx = { transport: 'internal' };
const invoke = (name, req) => core.dispatcher.invoke(name, req, ctx);
const printed = new Set();
const waiters = new Map();
core.events.on('print:job', ({ job }) => {
  if (job.state === 'printing') say(`printing ${job.submissionId}`);
  if (job.state !== 'printed') return;
  printed.add(job.id);
  waiters.get(job.id)?.();
});
core.events.on('sync:progress', (p) => say(`phase ${p.phase} ${p.submissionsSent}/${p.submissionsTotal}`));
say('ready');

async function syncNow() {
  const r = await invoke('sync:now', {});
  if (!r.ok) throw new Error(`sync:now: ${r.error.code} ${r.error.message}`);
  say(`synced backlog=${r.value.backlog} error=${r.value.lastError?.code ?? 'none'}`);
  return r.value;
}

if (mode === 'final') {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    const s = await syncNow();
    const queued = core.services.store.printJobs.queuedCount();
    if (s.backlog === 0 && s.lastError === null && queued === 0) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // One more pass: statuses set at the hub since the last one come down.
  await syncNow();
  await core.close();
  say('done');
  process.exit(0);
}

for (let n = 0; ; n++) {
  const id = randomUUID();
  const res = await invoke('kiosk:submit', {
    id,
    serviceId: 'sktm',
    serviceVersion: 1,
    applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: `KP. KRAMAT RT 00${n % 9}/RW 005`, source: 'manual' },
    answers: { keperluan: 'bantuan', jumlahTanggungan: String(1 + (n % 7)) },
    requirementsChecked: [],
    consent: { accepted: true, statementVersion: 'pdp-2026-01' },
  });
  if (!res.ok) {
    say(`error submit ${res.error.code} ${res.error.message}`);
    process.exit(3);
  }
  say(`submitted ${id} ${res.value.registrationNo}`);
  const job = await invoke('print:receipt', { submissionId: id });
  if (!job.ok) {
    say(`error print ${job.error.code} ${job.error.message}`);
    process.exit(3);
  }
  say(`queued ${id} ${job.value.id}`);
  if (!printed.has(job.value.id)) await new Promise((r) => waiters.set(job.value.id, r));
  waiters.delete(job.value.id);
  say(`printed ${id}`);
  await syncNow();
}
