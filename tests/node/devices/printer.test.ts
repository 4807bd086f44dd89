import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { createLogger } from '../../../main/log.js';
import { EscPosPrinter } from '../../../native/printer/driver.js';
import { receiptBytes } from '../../../native/printer/escpos.js';
import { PrinterSimulator, type SimReceipt } from '../../../native/printer/simulator.js';
import { buildReceipt, type ReceiptData } from '../../../shared/devices/receipt.js';
import { decodeQrPng } from '../../helpers/qr.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { ptyPair, testLog } from './helpers.js';

const sample: ReceiptData = {
  officeName: 'Desa Kramatwatu',
  officeLine: 'Kecamatan Kramatwatu, Kabupaten Serang',
  serviceTitle: 'Surat Keterangan Domisili',
  registrationNo: '052001-7K3M-261123-0001',
  trackingCode: 'K7Q2M9XA',
  issuedAt: '23/11/2026 09.30',
  queueNo: 'A-012',
  requirements: ['Surat pengantar RT/RW', 'Fotokopi KTP dan Kartu Keluarga', 'Pas foto 3x4 dua lembar'],
  sla: '3 hari kerja',
};

function decodeQr(pngPath: string): string | null {
  return decodeQrPng(readFileSync(pngPath));
}

function nextReceipt(sim: PrinterSimulator): Promise<SimReceipt> {
  return new Promise((resolve) => sim.once('receipt', resolve));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function simulator(columns: 32 | 48 = 48): Promise<PrinterSimulator> {
  const tmp = tempDir('anjungan-simprinter-');
  const sim = new PrinterSimulator(tmp.dir, columns, { log: testLog });
  cleanups.push(tmp.cleanup, () => sim.close());
  return sim;
}

describe('ESC/POS printer driver and simulator', () => {
  it('TCP: the receipt arrives byte-complete, renders to text and PNG, and the QR decodes to the tracking code', async () => {
    const sim = await simulator(48);
    const port = await sim.listenTcp(0);
    const printer = new EscPosPrinter(`tcp://127.0.0.1:${port}`, { log: testLog });
    const bytes = receiptBytes(buildReceipt(sample, 48), 48);
    const got = nextReceipt(sim);
    const outcome = await printer.print(bytes);
    const receipt = await got;
    expect(outcome.before.online).toBe(true);
    expect(receipt.raw.equals(bytes)).toBe(true);
    expect(receipt.qr).toEqual([sample.trackingCode]);
    expect(receipt.text).toContain('052001-7K3M-261123-0001');
    expect(receipt.text).toContain('Simpan struk ini.');
    expect(receipt.text).toContain('1. Surat pengantar RT/RW');
    expect(decodeQr(receipt.pngPath)).toBe(sample.trackingCode);
    // Kept for people to look at (tests/output is the place for rendered artefacts).
    const out = join(import.meta.dirname, '../../output');
    mkdirSync(out, { recursive: true });
    copyFileSync(receipt.pngPath, join(out, 'receipt-80mm.png'));
    copyFileSync(receipt.txtPath, join(out, 'receipt-80mm.txt'));
  });

  it('serial (58 mm, socat pty): byte-complete and the QR decodes', async () => {
    const line = await ptyPair();
    cleanups.push(line.cleanup);
    const sim = await simulator(32);
    await sim.attachSerial(line.b);
    const printer = new EscPosPrinter(`serial:${line.a}`, { log: testLog });
    const bytes = receiptBytes(buildReceipt(sample, 32), 32);
    const got = nextReceipt(sim);
    await printer.print(bytes);
    const receipt = await got;
    expect(receipt.raw.equals(bytes)).toBe(true);
    expect(receipt.text.split('\n').every((l) => l.length <= 32)).toBe(true);
    expect(decodeQr(receipt.pngPath)).toBe(sample.trackingCode);
    copyFileSync(receipt.pngPath, join(import.meta.dirname, '../../output/receipt-58mm.png'));
  });

  it('status: DLE EOT reports paper out, cover open and offline as set on the simulator', async () => {
    const sim = await simulator();
    const printer = new EscPosPrinter(`tcp://127.0.0.1:${await sim.listenTcp(0)}`);
    sim.setState({ paper: 'out' });
    expect(await printer.status()).toMatchObject({ paperEnd: true, online: false });
    sim.setState({ paper: 'near-end', cover: 'open' });
    expect(await printer.status()).toMatchObject({ coverOpen: true, paperNearEnd: true, paperEnd: false });
    sim.setState({ cover: 'closed', online: false });
    expect(await printer.status()).toMatchObject({ online: false, coverOpen: false });
    sim.setState({ online: true, paper: 'ok' });
    expect(await printer.status()).toEqual({ online: true, coverOpen: false, paperEnd: false, paperNearEnd: false, error: false });
  });
});

describe('print queue in the core (SQLite), against the simulator over TCP', () => {
  async function coreWithPrinter(): Promise<{ core: Core; sim: PrinterSimulator; submissionId: string; trackingCode: string }> {
    const sim = await simulator();
    const port = await sim.listenTcp(0);
    const tmp = tempDir();
    const core = await createCore({
      dataDir: tmp.dir,
      shell: 'host',
      log: createLogger('test', () => {}),
      watchCatalogue: false,
      devices: { reader: 'none', printer: `tcp://127.0.0.1:${port}` },
      deviceTuning: { printerPollMs: 100, printRetryMs: 100 },
    });
    cleanups.push(tmp.cleanup, () => core.close());
    const sub = await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest('surat-domisili'));
    return { core, sim, submissionId: sub.submissionId, trackingCode: sub.trackingCode };
  }

  function waitJob(core: Core, state: string): Promise<{ state: string; reason: string | null; attempts: number }> {
    return new Promise((resolve) => {
      const off = core.events.on('print:job', ({ job }) => {
        if (job.state !== state) return;
        off();
        resolve(job);
      });
    });
  }

  it('paper out before a job: the job stays queued with a clear reason, then prints once paper is back', async () => {
    const { core, sim, submissionId, trackingCode } = await coreWithPrinter();
    sim.setState({ paper: 'out' });
    await core.services.devices.pollPrinter();
    expect((await invokeOrThrow(core.dispatcher, 'devices:status', {})).printer.state).toBe('paper_out');
    const queued = await invokeOrThrow(core.dispatcher, 'print:receipt', { submissionId });
    expect(queued.state).toBe('queued');
    // Give the queue time to (not) print: it must wait, not fail.
    await new Promise((r) => setTimeout(r, 300));
    const waiting = (await invokeOrThrow(core.dispatcher, 'print:jobs', {})).items[0]!;
    expect(waiting.state).toBe('queued');
    expect(sim.receipts).toHaveLength(0);
    const printed = waitJob(core, 'printed');
    sim.setState({ paper: 'ok' });
    await printed;
    expect(sim.receipts).toHaveLength(1);
    expect(decodeQr(sim.receipts[0]!.pngPath)).toBe(trackingCode);
  });

  it('a job that meets paper-out is requeued with the reason (printer checked before the job)', async () => {
    const { core, sim, submissionId } = await coreWithPrinter();
    sim.setState({ cover: 'open' });
    // The queue has not polled yet: the job tries, finds the cover open, and goes back to the queue.
    const back = new Promise<{ reason: string | null }>((resolve) => {
      const off = core.events.on('print:job', ({ job }) => {
        if (job.state === 'queued' && job.reason) {
          off();
          resolve(job);
        }
      });
    });
    await invokeOrThrow(core.dispatcher, 'print:receipt', { submissionId });
    expect((await back).reason).toBe('printer not ready: cover_open');
    expect(sim.receipts).toHaveLength(0);
    const printed = waitJob(core, 'printed');
    sim.setState({ cover: 'closed' });
    await printed;
    expect(sim.receipts).toHaveLength(1);
  });

  it('the connection drops mid-job: retried, one complete receipt, marked printed once', async () => {
    const { core, sim, submissionId } = await coreWithPrinter();
    const partials: number[] = [];
    sim.on('partial', ({ bytes }) => partials.push(bytes));
    const printedEvents: unknown[] = [];
    core.events.on('print:job', ({ job }) => {
      if (job.state === 'printed') printedEvents.push(job);
    });
    sim.dropNextConnectionAfter(200);
    const printed = waitJob(core, 'printed');
    await invokeOrThrow(core.dispatcher, 'print:receipt', { submissionId });
    const job = await printed;
    expect(job.attempts).toBe(2);
    expect(partials.length).toBe(1);
    expect(sim.receipts).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(printedEvents).toHaveLength(1);
    expect(core.services.store.printJobs.recent(10).filter((j) => j.state === 'printed')).toHaveLength(1);
    // Reprint from the queue makes a second job (and a second receipt) on purpose.
    const again = waitJob(core, 'printed');
    await invokeOrThrow(core.dispatcher, 'print:reprint', { submissionId });
    await again;
    expect(sim.receipts).toHaveLength(2);
    expect(existsSync(sim.receipts[1]!.pngPath)).toBe(true);
  });
});
