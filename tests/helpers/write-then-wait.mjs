// Child process for the durability test: stores one submission through the core, says so on
// stdout, then waits to be killed with SIGKILL (no chance to close or flush anything).
import { randomUUID } from 'node:crypto';
import { createCore } from '../../dist/node/main/core/core.js';
import { createLogger } from '../../dist/node/main/log.js';

const [dataDir] = process.argv.slice(2);
const core = await createCore({ dataDir, shell: 'host', log: createLogger('child', () => {}) });
const id = randomUUID();
const res = await core.dispatcher.invoke(
  'kiosk:submit',
  {
    id,
    serviceId: 'sktm',
    serviceVersion: 1,
    applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005', source: 'manual' },
    answers: { keperluan: 'bantuan', jumlahTanggungan: '2' },
    consent: { accepted: true, statementVersion: 'pdp-2026-01' },
  },
  { transport: 'internal' },
);
process.stdout.write(`${JSON.stringify({ id, ok: res.ok })}\n`);
setInterval(() => {}, 1 << 30);
