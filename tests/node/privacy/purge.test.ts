import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubStatusCommand } from '../../../main/cli/commands/hub-data.js';
import { main } from '../../../main/cli/main.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { minimalPayload } from '../../../main/core/privacy/purge.js';
import { openStore } from '../../../main/db/store.js';
import { openHubStore } from '../../../main/hub/open.js';
import { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { TEST_APPLICANT, testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { quiet } from '../sync/harness.js';

const DAY = 86_400_000;

async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    return await fn();
  } finally {
    out.mockRestore();
  }
}

describe('retention purge (UU 27/2022): finished, acknowledged, past the service\'s period', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    core = undefined;
    tmp?.cleanup();
  });

  it('minimises only those, keeps what the reports count, and the hub keeps the whole record', async () => {
    tmp = tempDir();
    let clock = Date.now();
    core = await createCore({
      dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, now: () => new Date(clock),
      sync: { upstream: null, embeddedHub: true, debounceMs: 10 },
    });
    const c = core;
    const ktp = [testRequest('ktp-el-baru'), testRequest('ktp-el-baru')];
    const domisili = testRequest('surat-domisili');
    const open = testRequest('ktp-el-baru', { applicant: { ...TEST_APPLICANT, nik: '3604051208850002', nama: 'SITI AMINAH' } });
    const subs: { registrationNo: string; trackingCode: string }[] = [];
    for (const r of [...ktp, domisili, open]) subs.push(await invokeOrThrow(c.dispatcher, 'kiosk:submit', r));
    await vi.waitFor(async () => expect((await invokeOrThrow(c.dispatcher, 'sync:status', {})).backlog).toBe(0), { timeout: 10_000, interval: 50 });
    const hubDb = c.services.sync.hubDb!;
    await quietly(async () => {
      expect(await hubStatusCommand.run(['set', subs[0]!.registrationNo, 'done', '--db', hubDb])).toBe(0);
      expect(await hubStatusCommand.run(['set', subs[1]!.registrationNo, 'rejected', '--note', 'Berkas tidak lengkap', '--db', hubDb])).toBe(0);
      expect(await hubStatusCommand.run(['set', subs[2]!.registrationNo, 'done', '--db', hubDb])).toBe(0);
    });
    await invokeOrThrow(c.dispatcher, 'sync:now', {});
    expect(c.services.store.submissions.get(ktp[0]!.id)?.status).toBe('done');
    const today = new Date(clock).toISOString().slice(0, 10);
    const before = await invokeOrThrow(c.dispatcher, 'reports:services', { period: { from: today, to: today } });

    // Inside the 90 days of a forwarded service: nothing goes.
    clock += 89 * DAY;
    expect(await invokeOrThrow(c.dispatcher, 'privacy:purge', { dryRun: false })).toMatchObject({ examined: 3, purged: 0, withinRetention: 3 });

    clock += 2 * DAY;
    expect(await invokeOrThrow(c.dispatcher, 'privacy:purge', { dryRun: true })).toMatchObject({ examined: 3, purged: 2, withinRetention: 1, dryRun: true });
    expect(c.services.store.submissions.get(ktp[0]!.id)?.payload).toHaveProperty('applicant.nik', TEST_APPLICANT.nik);
    expect(await invokeOrThrow(c.dispatcher, 'privacy:purge', { dryRun: false })).toMatchObject({ examined: 3, purged: 2, withinRetention: 1, waitingForHub: 0 });

    for (const r of ktp) {
      const p = c.services.store.submissions.get(r.id)!.payload;
      expect(JSON.stringify(p)).not.toContain(TEST_APPLICANT.nik);
      expect(JSON.stringify(p)).not.toContain('AHMAD');
      expect(p).toMatchObject({ channel: 'kiosk', consent: { accepted: true, statementVersion: 'pdp-2026-01' }, purged: { at: new Date(clock).toISOString() } });
    }
    // The desa's letter service keeps its two years; the open request is untouched.
    expect(c.services.store.submissions.get(domisili.id)?.payload).toHaveProperty('applicant.nama', TEST_APPLICANT.nama);
    expect(c.services.store.submissions.get(open.id)?.payload).toHaveProperty('applicant.nama', 'SITI AMINAH');

    // Search by name or NIK no longer finds the minimised ones; their numbers still show their status.
    const byName = await invokeOrThrow(c.dispatcher, 'requests:search', { query: 'ahmad suhendra' });
    expect(byName.items.map((h) => h.id)).toEqual([domisili.id]);
    const byNik = await invokeOrThrow(c.dispatcher, 'requests:search', { query: TEST_APPLICANT.nik });
    expect(byNik.items.map((h) => h.id)).toEqual([domisili.id]);
    const status = await invokeOrThrow(c.dispatcher, 'kiosk:status', { code: subs[1]!.trackingCode });
    expect(status).toMatchObject({ status: 'rejected', initials: '' });

    // The office's counts do not change.
    expect(await invokeOrThrow(c.dispatcher, 'reports:services', { period: { from: today, to: today } })).toEqual(before);

    // A second run finds nothing more; the hub still holds the record of account.
    expect(await invokeOrThrow(c.dispatcher, 'privacy:purge', { dryRun: false })).toMatchObject({ examined: 1, purged: 0 });
    const hub = await openHubStore(hubDb);
    try {
      expect((await hub.getSubmission(ktp[0]!.id))!.text).toContain(TEST_APPLICANT.nik);
    } finally {
      await hub.close();
    }
    const audit = await invokeOrThrow(c.dispatcher, 'audit:list', { limit: 50, offset: 0 });
    expect(audit.items.filter((a) => a.action === 'privacy.purge').length).toBe(3);
  });

  it('keeps a finished request the hub has not acknowledged, and the CLI says so in its JSON', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
    const r = testRequest('ktp-el-baru');
    await invokeOrThrow(core.dispatcher, 'kiosk:submit', r);
    core.services.store.submissions.setStatus(r.id, 'done', null, new Date(Date.now() - 400 * DAY).toISOString(), 'local');
    await core.close();
    core = undefined;
    const lines: string[] = [];
    const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    try {
      expect(await main(['privacy', 'purge', '--data', tmp.dir, '--json'])).toBe(0);
    } finally {
      out.mockRestore();
    }
    expect(JSON.parse(lines.join(''))).toEqual({ examined: 1, purged: 0, waitingForHub: 1, withinRetention: 0, dryRun: false });
    const store = openStore(tmp.dir);
    try {
      expect(store.submissions.get(r.id)?.payload).toHaveProperty('applicant.nik', TEST_APPLICANT.nik);
    } finally {
      store.close();
    }
  });

  it('refuses bad usage with exit 2 and an English message', async () => {
    tmp = tempDir();
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['privacy', 'purge'])).toBe(2);
      expect(await main(['privacy', 'report', '--data', tmp.dir, '--nik', '123', '--out', 'x.pdf'])).toBe(2);
      expect(await main(['privacy', 'purge', '--data', tmp.dir])).toBe(1);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(/--data DIR is required[\s\S]*--nik must be 16 digits[\s\S]*no anjungan.sqlite/);
    } finally {
      err.mockRestore();
    }
  });
});

describe('the minimal payload and the catalogue\'s retention', () => {
  it('keeps region, channel, queue number and consent; drops the rest', () => {
    const p = minimalPayload(
      {
        applicant: { nik: '3604051208850001', nama: 'A B', alamat: 'KP. X', source: 'card', rt: '002', rw: '005', kelDesa: 'Kramatwatu', kecamatan: 'Kramatwatu' },
        answers: { keperluan: 'kerja' },
        requirementsChecked: ['fc-kk'],
        consent: { accepted: true, statementVersion: 'pdp-2026-01', at: '2026-01-01T00:00:00Z' },
        channel: 'desk',
        operator: { username: 'siti', name: 'Siti' },
        queueNo: 'B-001',
      },
      '2027-01-01T00:00:00Z',
    );
    expect(p).toEqual({
      purged: { at: '2027-01-01T00:00:00Z' },
      // The RW stays (the report per dusun counts by it, migration 0250); the RT goes.
      applicant: { rw: '005', kelDesa: 'Kramatwatu', kecamatan: 'Kramatwatu' },
      channel: 'desk',
      queueNo: 'B-001',
      consent: { accepted: true, statementVersion: 'pdp-2026-01', at: '2026-01-01T00:00:00Z' },
    });
  });

  it('refuses a retention outside 30 days to 10 years, by field', () => {
    const base = { id: 'x-y', version: 1, agency: 'desa', queueGroup: 'B', title: 'X', summary: 'Y', icon: 'document', fields: [], requirements: [], fee: { amount: 0 }, sla: { days: 1, text: '1 hari' }, completion: 'desa' };
    expect(ServiceDefinition.parse(base).retention.days).toBe(365);
    const short = ServiceDefinition.safeParse({ ...base, retention: { days: 7, basis: 'singkat' } });
    expect(short.success).toBe(false);
    expect(short.error?.issues[0]?.path).toEqual(['retention', 'days']);
    expect(ServiceDefinition.safeParse({ ...base, retention: { days: 4000, basis: 'lama' } }).success).toBe(false);
  });
});
