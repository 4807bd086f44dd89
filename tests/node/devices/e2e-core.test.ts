import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { createLogger } from '../../../main/log.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

/** The headless host's default: both simulators started by the core itself (socat pty + loopback TCP). */
describe('E2E through the core API with the sim drivers', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
  });

  it('insert a simulated card → identity in the core; print → the simulator PNG exists; close leaves no socat', async () => {
    tmp = tempDir();
    core = await createCore({
      dataDir: tmp.dir,
      shell: 'host',
      log: createLogger('test', () => {}),
      watchCatalogue: false,
      devices: { reader: 'sim', printer: 'sim' },
      deviceTuning: { printerPollMs: 200, readerTimings: { heartbeat: 200 } },
    });
    const c = core;
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (c.services.devices.status().reader.state === 'connected') resolve();
      };
      c.events.on('devices:status', check);
      check();
    });
    const read = new Promise<{ biodata: { nik: string; nama?: string }; source: string }>((resolve) => c.events.on('card:read', resolve));
    expect(await invokeOrThrow(c.dispatcher, 'sim:insert-card', { index: 1 })).toEqual({ nik: DEFAULT_SIM_CARDS[1]!.biodata.nik });
    const card = await read;
    expect(card.source).toBe('sim');
    expect(card.biodata).toEqual(DEFAULT_SIM_CARDS[1]!.biodata);
    expect(c.services.devices.lastCard?.biodata.nik).toBe(DEFAULT_SIM_CARDS[1]!.biodata.nik);

    const sub = await invokeOrThrow(c.dispatcher, 'kiosk:submit', testRequest('sktm'));
    const printed = new Promise<void>((resolve) => c.events.on('print:job', ({ job }) => job.state === 'printed' && resolve()));
    const job = await invokeOrThrow(c.dispatcher, 'print:receipt', { submissionId: sub.submissionId });
    expect(['queued', 'printing', 'printed']).toContain(job.state);
    await printed;
    const receipt = c.services.devices.simPrinter!.receipts[0]!;
    expect(existsSync(receipt.pngPath)).toBe(true);
    expect(receipt.qr).toEqual([sub.trackingCode]);
    const status = await invokeOrThrow(c.dispatcher, 'devices:status', {});
    expect(status.printer.state).toBe('connected');

    const manual = await invokeOrThrow(c.dispatcher, 'card:manual', { nik: '3604051208850000' });
    expect(manual.validation.valid).toBe(false);
    expect(manual.validation.errors[0]?.messageKey).toBe('nik.serial');

    const socatPid = (c.services.devices as unknown as { pty: { pid?: number } }).pty.pid!;
    await c.close();
    core = undefined;
    expect(() => process.kill(socatPid, 0)).toThrow();
  });

  it('sim-only calls do not exist when no device is simulated', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: createLogger('test', () => {}), watchCatalogue: false });
    const res = await core.dispatcher.invoke('sim:insert-card', { index: 0 }, { transport: 'internal' });
    expect(res.ok === false && res.error.code).toBe('unknown_call');
    const st = await invokeOrThrow(core.dispatcher, 'devices:status', {});
    expect(st.reader.state).toBe('disabled');
    const print = await core.dispatcher.invoke('print:receipt', { submissionId: randomUUID() }, { transport: 'internal' });
    expect(print.ok === false && print.error.code).toBe('not_found');
  });
});
