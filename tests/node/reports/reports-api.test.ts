import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { createLogger } from '../../../main/log.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

describe('reports calls through the dispatcher', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  beforeEach(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, now: () => new Date(Date.UTC(2026, 10, 23, 3, 0)), watchCatalogue: false });
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });
  const internal = { transport: 'internal' } as const;

  it('counts the requests submitted at the kiosk, and gives CSV and PDF of the same report', async () => {
    for (const id of ['sktm', 'sktm', 'sku'] as const) expect((await core.dispatcher.invoke('kiosk:submit', testRequest(id), internal)).ok).toBe(true);
    const period = { from: '2026-11-23', to: '2026-11-23' };
    const res = await core.dispatcher.invoke('reports:services', { period }, internal);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const r = res.value as { total: number; byService: { key: string; count: number }[]; byChannel: { key: string; count: number }[] };
    expect(r.total).toBe(3);
    expect(r.byService.map((g) => [g.key, g.count])).toEqual([['sktm', 2], ['sku', 1]]);
    expect(r.byChannel.map((g) => [g.key, g.count])).toEqual([['kiosk', 3]]);
    const csv = await core.dispatcher.invoke('reports:csv', { kind: 'services', period }, internal);
    expect(csv.ok && (csv.value as { csv: string }).csv.split('\r\n')[0]).toBe('group,key,label,count');
    const pdf = await core.dispatcher.invoke('reports:pdf', { kind: 'ikm', period }, internal);
    expect(pdf.ok && Buffer.from((pdf.value as { pdfBase64: string }).pdfBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('refuses a period that is not one, and stores nothing', async () => {
    const bad = await core.dispatcher.invoke('reports:services', { period: { from: '2026-11-31', to: '2026-11-01' } }, internal);
    expect(bad.ok).toBe(false);
    const long = await core.dispatcher.invoke('reports:sla', { period: { from: '2000-01-01', to: '2026-11-01' } }, internal);
    expect(long.ok).toBe(false);
  });
});
