// Device figures for `npm run bench`: card-read → biodata in the core, and the TCP print round trip.
// Uses the built code (dist/node) and the real simulators (socat pty pair, loopback TCP).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = new URL('../../dist/node/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export async function run() {
  const { createCore } = await load('main/core/core.js');
  const { invokeOrThrow } = await load('main/core/dispatcher.js');
  const { createLogger } = await load('main/log.js');
  const dir = mkdtempSync(join(tmpdir(), 'anjungan-bench-devices-'));
  const core = await createCore({
    dataDir: dir,
    shell: 'host',
    log: createLogger('bench', process.env.BENCH_LOG ? undefined : () => {}),
    watchCatalogue: false,
    devices: { reader: 'sim', printer: 'sim' },
    deviceTuning: { printerPollMs: 60_000 },
  });
  const rows = [];
  try {
    const d = core.services.devices;
    while (d.status().reader.state !== 'connected') await new Promise((r) => setTimeout(r, 20));
    // Card: insert → card:read event (includes the sim's 30 ms chip-read delay) and frame → core event.
    const total = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      const got = new Promise((resolve) => {
        const off = core.events.on('card:read', () => {
          off();
          resolve();
        });
      });
      d.simReader.insert(i % 3);
      await got;
      total.push(performance.now() - t0);
      d.simReader.remove();
      await new Promise((r) => setTimeout(r, 20));
    }
    const core_ = d.cardLatencies.slice(-30);
    rows.push({ name: 'devices: card frame complete → card:read in core (p50)', value: +pct(core_, 50).toFixed(3), unit: 'ms' });
    rows.push({ name: 'devices: card insert → card:read incl. 30 ms sim chip read (p50)', value: +pct(total, 50).toFixed(1), unit: 'ms' });
    // Print: DLE EOT + receipt + DLE EOT over loopback TCP, through the queue.
    const sub = await invokeOrThrow(core.dispatcher, 'kiosk:submit', {
      id: randomUUID(),
      serviceId: 'sktm',
      serviceVersion: 1,
      applicant: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005', source: 'manual' },
      answers: { keperluan: 'bantuan', jumlahTanggungan: '2' },
      consent: { accepted: true, statementVersion: 'pdp-2026-01' },
    });
    const trips = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const done = new Promise((resolve) => {
        const off = core.events.on('print:job', ({ job }) => {
          if (job.state === 'printed') {
            off();
            resolve();
          }
        });
      });
      await invokeOrThrow(core.dispatcher, 'print:receipt', { submissionId: sub.submissionId });
      await done;
      trips.push(performance.now() - t0);
    }
    rows.push({ name: 'devices: print:receipt → printed over TCP incl. sim PNG render (p50)', value: +pct(trips, 50).toFixed(1), unit: 'ms' });
    rows.push({ name: 'devices: print:receipt → printed over TCP (max of 10)', value: +Math.max(...trips).toFixed(1), unit: 'ms' });
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await run()) console.log(`${r.name}: ${r.value} ${r.unit}`);
}
