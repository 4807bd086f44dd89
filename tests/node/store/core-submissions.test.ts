import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { createLogger } from '../../../main/log.js';
import { REGISTRATION_NO_PATTERN, TRACKING_CODE_PATTERN } from '../../../shared/domain/identifiers.js';
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
    const id = randomUUID();
    const res = await core.dispatcher.invoke(
      'submissions:create',
      { id, serviceId: 'surat-domisili', serviceVersion: 1, payload: { alamat: 'Kp. Baru RT 01/02' } },
      { transport: 'internal' },
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const sub = res.value as { registrationNo: string; trackingCode: string; status: string };
    expect(sub.registrationNo).toMatch(REGISTRATION_NO_PATTERN);
    expect(sub.registrationNo.startsWith('052001-')).toBe(true);
    expect(sub.registrationNo.endsWith('-261123-0001')).toBe(true);
    expect(sub.trackingCode).toMatch(TRACKING_CODE_PATTERN);
    expect(sub.status).toBe('received');
    const detail = await core.dispatcher.invoke('submissions:get', { id }, { transport: 'internal' });
    expect(detail.ok && (detail.value as { history: unknown[] }).history).toHaveLength(1);
    const outbox = core.services.store.db.prepare('SELECT state FROM outbox WHERE submission_id = ?').get(id);
    expect(outbox).toEqual({ state: 'pending' });
  });

  it('numbers a day\'s submissions in sequence', async () => {
    const regs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await core.dispatcher.invoke(
        'submissions:create',
        { id: randomUUID(), serviceId: 'sktm', serviceVersion: 1, payload: {} },
        { transport: 'internal' },
      );
      if (r.ok) regs.push((r.value as { registrationNo: string }).registrationNo.slice(-4));
    }
    expect(regs).toEqual(['0001', '0002', '0003']);
  });

  it('is idempotent for a retried create and refuses the same id with other content', async () => {
    const id = randomUUID();
    const req = { id, serviceId: 'sktm', serviceVersion: 1, payload: { a: 1, b: [1, 2] } };
    const first = await core.dispatcher.invoke('submissions:create', req, { transport: 'internal' });
    const again = await core.dispatcher.invoke('submissions:create', { ...req, payload: { b: [1, 2], a: 1 } }, { transport: 'internal' });
    expect(first.ok && again.ok && (again.value as { registrationNo: string }).registrationNo).toBe(
      first.ok && (first.value as { registrationNo: string }).registrationNo,
    );
    const other = await core.dispatcher.invoke('submissions:create', { ...req, payload: { a: 2 } }, { transport: 'internal' });
    expect(other).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(core.services.store.submissions.count()).toBe(1);
  });

  it('lists newest first with a total, and reports not_found for an unknown id', async () => {
    for (let i = 0; i < 4; i++) {
      await core.dispatcher.invoke('submissions:create', { id: randomUUID(), serviceId: 'sku', serviceVersion: 1, payload: { i } }, { transport: 'internal' });
    }
    const page = await core.dispatcher.invoke('submissions:list', { limit: 2 }, { transport: 'internal' });
    expect(page).toMatchObject({ ok: true, value: { total: 4 } });
    expect(page.ok && (page.value as { items: unknown[] }).items).toHaveLength(2);
    const missing = await core.dispatcher.invoke('submissions:get', { id: randomUUID() }, { transport: 'internal' });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
