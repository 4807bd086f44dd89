import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { createLogger } from '../../../main/log.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

/** Issue 14, defect 4: kiosk:status was an oracle (sequential numbers, a NIK trusted as sent). */
describe('kiosk:status is not an oracle', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
  });

  it('guessing numbers is rate-limited, and a guessed registration number tells nothing about whose request it is', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
    const page = core.services.sessions.create('kiosk');
    const status = (code: string) => core!.dispatcher.invoke('kiosk:status', { code }, { transport: 'host', session: page });
    const made = await core.dispatcher.invoke('kiosk:submit', testRequest('sku'), { transport: 'host', session: page });
    const reg = (made as { value: { registrationNo: string } }).value.registrationNo;
    const guessed = await status(reg);
    expect(guessed).toMatchObject({ ok: true, value: { limited: true, initials: '', serviceTitle: '', trackingCode: '' } });
    // 300 guesses in a row, as the adversarial test did: at most 10 are answered in a minute.
    const prefix = reg.slice(0, -4);
    let answered = 0;
    let limited = 0;
    for (let n = 1; n <= 300; n++) {
      const r = await status(`${prefix}${String(n).padStart(4, '0')}`);
      if (r.ok || r.error.code === 'not_found') answered++;
      else if (r.error.code === 'rate_limited') limited++;
    }
    expect(answered).toBeLessThanOrEqual(9);
    expect(limited).toBeGreaterThanOrEqual(291);
    // Another page on the same device shares the device-wide limit.
    const other = core.services.sessions.create('kiosk');
    let otherAnswered = 0;
    for (let i = 0; i < 80; i++) {
      const r = await core.dispatcher.invoke('kiosk:status', { code: reg }, { transport: 'host', session: core.services.sessions.create('kiosk') });
      if (r.ok) otherAnswered++;
    }
    expect(otherAnswered).toBeLessThanOrEqual(60);
    expect(other).toBeDefined();
  });

  it('identity shows only for the applicant\'s own card, read by this kiosk\'s reader in this visit', async () => {
    tmp = tempDir();
    core = await createCore({
      dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false,
      devices: { reader: 'sim', printer: 'none' }, deviceTuning: { readerTimings: { heartbeat: 200 } },
    });
    const c = core;
    await new Promise<void>((resolve) => {
      const check = (): void => void (c.services.devices.status().reader.state === 'connected' && resolve());
      c.events.on('devices:status', check);
      check();
    });
    const card = DEFAULT_SIM_CARDS[0]!.biodata;
    const page = c.services.sessions.create('kiosk');
    const call = (name: string, req: unknown) => c.dispatcher.invoke(name, req, { transport: 'host', session: page });
    const made = await call('kiosk:submit', testRequest('sku', { applicant: { nik: card.nik, nama: card.nama, alamat: card.alamat, source: 'card' } }));
    const tracking = (made as { value: { trackingCode: string } }).value.trackingCode;
    expect(await call('kiosk:status', { code: tracking, cardNik: card.nik })).toMatchObject({ ok: true, value: { identity: null } });
    const read = new Promise((resolve) => c.events.on('card:read', resolve));
    await c.dispatcher.invoke('sim:insert-card', { index: 0 }, { transport: 'internal' });
    await read;
    expect(await call('kiosk:status', { code: tracking, cardNik: card.nik })).toMatchObject({ ok: true, value: { identity: { nama: card.nama } } });
    await call('kiosk:end-session', {});
    expect(await call('kiosk:status', { code: tracking, cardNik: card.nik })).toMatchObject({ ok: true, value: { identity: null } });
  });
});

describe('a busy day (issue 14, defect 5)', () => {
  it('the 10,000th request of a day is stored like the first', async () => {
    const tmp = tempDir();
    const core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, now: () => new Date(2026, 10, 23, 9, 0) });
    try {
      core.services.store.transaction(() => {
        for (let i = 0; i < 9_999; i++) core.services.store.submissions.nextSequence('registration', '261123');
      });
      const r = await core.dispatcher.invoke('kiosk:submit', testRequest('sku'), { transport: 'internal' });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      expect((r as { value: { registrationNo: string } }).value.registrationNo).toMatch(/-261123-10000$/);
    } finally {
      await core.close();
      tmp.cleanup();
    }
  });
});

describe('one request, one id (issue 14, defect 9)', () => {
  it('the same UUID in upper case is the same submission, never a second one', async () => {
    const tmp = tempDir();
    const core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
    try {
      const req = testRequest('sku');
      const a = await core.dispatcher.invoke('kiosk:submit', req, { transport: 'internal' });
      const b = await core.dispatcher.invoke('kiosk:submit', { ...req, id: req.id.toUpperCase() }, { transport: 'internal' });
      expect(b).toEqual(a);
      expect(core.services.store.submissions.count()).toBe(1);
    } finally {
      await core.close();
      tmp.cleanup();
    }
  });
});
