// Child process for the letters kill -9 test: issues letters for fresh desa requests in a loop
// through the core, printing one JSON line per step on stdout (synchronously, so a line that is
// out has happened), until it is killed with SIGKILL. The core's own "letter numbered" log
// line comes between the commit (number + letter row) and the PDF write.
import { writeSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { createCore } from '../../dist/node/main/core/core.js';
import { createLogger } from '../../dist/node/main/log.js';

const [dataDir] = process.argv.slice(2);
const say = (o) => writeSync(1, `${JSON.stringify(o)}\n`);
const log = createLogger('child', (line) => {
  if (line.includes('"letter numbered"') || line.includes('"missing letter files regenerated"')) writeSync(1, line);
});
const core = await createCore({ dataDir, shell: 'host', log, watchCatalogue: false });
const call = (name, req) => core.dispatcher.invoke(name, req, { transport: 'internal' });
say({ step: 'ready' });
for (;;) {
  const id = randomUUID();
  const sub = await call('kiosk:submit', {
    id,
    serviceId: 'surat-domisili',
    serviceVersion: 1,
    applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005', source: 'manual' },
    answers: { keperluan: 'kerja' },
    consent: { accepted: true, statementVersion: 'pdp-2026-01' },
  });
  if (!sub.ok) throw new Error(sub.error.message);
  say({ step: 'issuing', id });
  const r = await call('letters:issue', { submissionId: id });
  if (!r.ok) throw new Error(r.error.message);
  say({ step: 'issued', id, number: r.value.letter.number, fileKept: r.value.letter.fileKept });
}
