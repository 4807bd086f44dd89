import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { createLogger } from '../../../main/log.js';
import { REGISTRATION_NO_PATTERN, TRACKING_CODE_PATTERN } from '../../../shared/domain/identifiers.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

describe('core: submissions through the dispatcher', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  beforeEach(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, now: () => new Date(2026, 10, 23, 9, 30) });
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('creates a submission with a registration number, tracking code, status history and outbox row', async () => {
    const req = testRequest('surat-domisili');
    const id = req.id;
    const res = await core.dispatcher.invoke('kiosk:submit', req, { transport: 'internal' });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const sub = res.value as { registrationNo: string; trackingCode: string };
    expect(sub.registrationNo).toMatch(REGISTRATION_NO_PATTERN);
    expect(sub.registrationNo.startsWith('052001-')).toBe(true);
    expect(sub.registrationNo.endsWith('-261123-0001')).toBe(true);
    expect(sub.trackingCode).toMatch(TRACKING_CODE_PATTERN);
    const detail = await core.dispatcher.invoke('submissions:get', { id }, { transport: 'internal' });
    expect(detail.ok && (detail.value as { status: string }).status).toBe('received');
    expect(detail.ok && (detail.value as { history: unknown[] }).history).toHaveLength(1);
    expect(core.services.store.kiosk.outboxState(id)).toBe('pending');
  });

  it('numbers a day\'s submissions in sequence', async () => {
    const regs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await core.dispatcher.invoke('kiosk:submit', testRequest('sktm'), { transport: 'internal' });
      if (r.ok) regs.push((r.value as { registrationNo: string }).registrationNo.slice(-4));
    }
    expect(regs).toEqual(['0001', '0002', '0003']);
  });

  it('is idempotent for a retried create and refuses the same id with other content', async () => {
    const req = testRequest('sktm');
    const first = await core.dispatcher.invoke('kiosk:submit', req, { transport: 'internal' });
    const again = await core.dispatcher.invoke('kiosk:submit', { ...req, answers: { jumlahTanggungan: '3', keperluan: 'bantuan' } }, { transport: 'internal' });
    expect(first.ok && again.ok && (again.value as { registrationNo: string }).registrationNo).toBe(
      first.ok && (first.value as { registrationNo: string }).registrationNo,
    );
    const other = await core.dispatcher.invoke('kiosk:submit', { ...req, answers: { keperluan: 'bantuan', jumlahTanggungan: '4' } }, { transport: 'internal' });
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(core.services.store.submissions.count()).toBe(1);
  });

  it('lists newest first with a total, and reports not_found for an unknown id', async () => {
    for (let i = 0; i < 4; i++) {
      await core.dispatcher.invoke('kiosk:submit', testRequest('sku', { answers: { jenisUsaha: `WARUNG ${i}`, alamatUsaha: 'KP. KRAMAT', lamaUsaha: '3', keperluan: 'kur' } }), { transport: 'internal' });
    }
    const page = await core.dispatcher.invoke('submissions:list', { limit: 2 }, { transport: 'internal' });
    expect(page).toMatchObject({ ok: true, value: { total: 4 } });
    expect(page.ok && (page.value as { items: unknown[] }).items).toHaveLength(2);
    const missing = await core.dispatcher.invoke('submissions:get', { id: randomUUID() }, { transport: 'internal' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
