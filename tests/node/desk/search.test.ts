import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchPage } from '../../../shared/api/calls/search.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { tempDir } from '../../helpers/tmp.js';
import { FIXED, IMPORTED, PEOPLE, registerFixture, type Fixture } from './search-fixtures.js';

describe('register search (requests:search): NIK, name, codes, phone; through the store index', () => {
  let tmp: ReturnType<typeof tempDir>;
  let f: Fixture;
  beforeAll(async () => {
    tmp = tempDir();
    f = await registerFixture(tmp.dir);
  });
  afterAll(async () => {
    await f.core.close();
    tmp.cleanup();
  });

  const search = (query: string, page: { limit?: number; offset?: number } = {}): Promise<SearchPage> =>
    invokeOrThrow(f.core.dispatcher, 'requests:search', { query, ...page });
  const names = async (query: string) => (await search(query)).items.map((h) => h.nama);

  it('"suhendra" and "Ahmad Suhendar" find AHMAD SUHENDRA first, the near names after', async () => {
    const one = await search('suhendra');
    expect(one.items[0]).toMatchObject({ nama: 'AHMAD SUHENDRA', nik: PEOPLE[0].nik, matchedBy: 'name', score: 1, serviceId: 'ktp-el-baru', status: 'received' });
    expect(one.items.map((h) => h.nama)).toEqual(['AHMAD SUHENDRA', 'UJANG SUHENDAR', 'DEDI SUHENDI']);
    expect(one.total).toBe(3);
    const two = await names('Ahmad Suhendar');
    expect(two[0]).toBe('AHMAD SUHENDRA');
    // Both words before one word: AHMAD HIDAYAT and UJANG SUHENDAR match one each.
    expect(two.slice(1, 3).sort()).toEqual(['AHMAD HIDAYAT', 'UJANG SUHENDAR']);
  });

  it('ignores case and small typos (a swap, a dropped or a wrong letter)', async () => {
    for (const q of ['ahmad suhendra', 'AHMAD suhendra', 'Ahmad SUHENDRA']) expect((await names(q))[0]).toBe('AHMAD SUHENDRA');
    for (const q of ['Ahmd Suhendra', 'ahmad suhnedra', 'achmad suhendra', 'ahmad suhemdra']) expect((await names(q))[0]).toBe('AHMAD SUHENDRA');
    expect((await names('siti nurhaliza'))[0]).toBe('SITI NURHALIZA');
    expect((await names('siti nurhaliz'))[0]).toBe('SITI NURHALIZA');
  });

  it('matches a word being typed as a prefix', async () => {
    // Both words first; then an exact word over a prefix; equal matches newest first.
    expect(await names('ahmad suhe')).toEqual(['AHMAD SUHENDRA', 'AHMAD HIDAYAT', 'DEDI SUHENDI', 'UJANG SUHENDAR']);
    expect((await names('nurha'))[0]).toBe('SITI NURHALIZA');
  });

  it('finds a NIK exactly, and by its first 6 or more digits', async () => {
    const exact = await search(PEOPLE[0].nik);
    expect(exact.items).toHaveLength(1);
    expect(exact.items[0]).toMatchObject({ nama: 'AHMAD SUHENDRA', matchedBy: 'nik', score: 1 });
    const prefix = await search('360405');
    expect(prefix.items.map((h) => h.nama).sort()).toEqual(['AHMAD HIDAYAT', 'AHMAD SUHENDRA', 'UJANG SUHENDAR']);
    expect(prefix.items.every((h) => h.matchedBy === 'nik' && h.score < 1)).toBe(true);
    expect((await names('36040512088'))).toEqual(['AHMAD HIDAYAT', 'AHMAD SUHENDRA']);
    expect((await search('36040')).total).toBe(0);
  });

  it('finds a registration number and a tracking code, typed in lower case with O for 0 and l for 1', async () => {
    const r = f.receipts.get('DEDI SUHENDI')!;
    expect((await search(r.registrationNo)).items).toEqual([expect.objectContaining({ id: r.submissionId, nama: 'DEDI SUHENDI', matchedBy: 'registration', score: 1 })]);
    expect((await search(r.registrationNo.toLowerCase())).items[0]?.id).toBe(r.submissionId);
    const t = f.receipts.get('SITI NURHALIZA')!;
    expect((await search(t.trackingCode.toLowerCase())).items[0]).toMatchObject({ id: t.submissionId, matchedBy: 'tracking' });
    for (const q of ['0K7Q1M9X', 'ok7q1m9x', 'OK7QlM9X', ' 0k7q1m9x ']) {
      expect((await search(q)).items).toEqual([expect.objectContaining({ id: FIXED.id, trackingCode: FIXED.trackingCode, nama: FIXED.nama, matchedBy: 'tracking' })]);
    }
  });

  it('finds a phone number in its 0812…, +62812… and 62812… forms', async () => {
    for (const q of ['081234567890', '+6281234567890', '6281234567890', '0812-3456-7890']) {
      expect((await search(q)).items).toEqual([expect.objectContaining({ nama: 'AHMAD SUHENDRA', matchedBy: 'phone' })]);
    }
  });

  it('finds records brought in with `anjungan import`, by pemohon or top-level fields', async () => {
    expect((await search('euis maesaroh')).items[0]).toMatchObject({ id: 'imp-0001', registrationNo: 'imp-0001', nik: IMPORTED[0]!.pemohon!.nik, nama: 'Euis Maesaroh', serviceId: 'import' });
    expect((await search('sutisna')).items[0]).toMatchObject({ id: 'imp-0002', nama: 'Ujang Sutisna', serviceId: 'import' });
    expect((await search('3604081111810007')).items[0]?.id).toBe('imp-0002');
    expect((await search('085712345678')).items[0]?.id).toBe('imp-0002');
    expect((await search('imp-0001')).items).toEqual([expect.objectContaining({ id: 'imp-0001', matchedBy: 'registration' })]);
    expect((await search('Odih Baihaki')).items[0]).toMatchObject({ id: 'imp-0003', nik: IMPORTED[2]!.applicant!.nik, nama: 'Odih Baihaki', serviceId: 'import' });
  });

  it('pages: limit and offset over the ranked matches, with the total', async () => {
    const all = await search('ahmad suhe', { limit: 100 });
    expect(all.total).toBe(4);
    const pages = await Promise.all([0, 1, 2, 3, 4].map((offset) => search('ahmad suhe', { limit: 1, offset })));
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4, 4, 4]);
    expect(pages.flatMap((p) => p.items.map((h) => h.id))).toEqual(all.items.map((h) => h.id));
    expect(pages[4]!.items).toEqual([]);
    expect(await f.core.dispatcher.invoke('requests:search', { query: 'ahmad', limit: 101 }, { transport: 'internal' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await f.core.dispatcher.invoke('requests:search', { query: '   ' }, { transport: 'internal' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await f.core.dispatcher.invoke('requests:search', { query: 'x'.repeat(101) }, { transport: 'internal' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  it('answers nothing, quickly and without error, for what matches nothing', async () => {
    const none = await search('zzqqxx');
    expect(none).toMatchObject({ items: [], total: 0 });
    expect(none.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('stays right after a status change (from the hub or the desk)', async () => {
    const r = f.receipts.get('AHMAD SUHENDRA')!;
    f.core.services.store.submissions.setStatus(r.submissionId, 'processing', 'berkas diperiksa', new Date().toISOString(), 'hub');
    expect((await search('suhendra')).items[0]).toMatchObject({ id: r.submissionId, status: 'processing' });
    f.core.services.store.submissions.setStatus(r.submissionId, 'done', null, new Date().toISOString(), 'local');
    expect((await search(PEOPLE[0].nik)).items[0]).toMatchObject({ id: r.submissionId, status: 'done' });
  });

  it('indexes a new submission in the transaction that stores it: a rolled-back insert leaves no trace', async () => {
    const store = f.core.services.store;
    expect(() =>
      store.transaction(() => {
        store.submissions.insert({
          id: '00000000-0000-4000-8000-000000000001',
          registrationNo: 'R-ROLLBACK',
          trackingCode: 'T-ROLLBACK',
          serviceId: 'sktm',
          serviceVersion: 1,
          payload: { applicant: { nik: '3604101010100010', nama: 'TARSIH ROLLBACK' } },
          createdAt: new Date().toISOString(),
        });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect((await search('tarsih')).total).toBe(0);
    expect((await search('R-ROLLBACK')).total).toBe(0);
  });
});

describe('requests:search: who may search, and what the audit log keeps', () => {
  let tmp: ReturnType<typeof tempDir>;
  let f: Fixture;
  beforeAll(async () => {
    tmp = tempDir();
    f = await registerFixture(tmp.dir);
  });
  afterAll(async () => {
    await f.core.close();
    tmp.cleanup();
  });

  it('is refused to a resident at the kiosk and to a desk page before login, allowed to an operator', async () => {
    const kiosk = f.core.services.sessions.create();
    expect(await f.core.dispatcher.invoke('requests:search', { query: 'suhendra' }, { transport: 'host', session: kiosk })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await f.core.services.settings.update({ role: 'operator' }, 'test');
    const before = f.core.services.sessions.create();
    expect(await f.core.dispatcher.invoke('requests:search', { query: 'suhendra' }, { transport: 'host', session: before })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const desk = f.core.services.sessions.create();
    desk.signIn({ userId: 'u-siti', username: 'siti', name: 'Siti Aminah', role: 'operator' }, Date.now());
    const res = await f.core.dispatcher.invoke('requests:search', { query: 'suhendra' }, { transport: 'host', session: desk });
    expect(res.ok && res.value).toMatchObject({ total: 3 });
    expect(res.ok && (res.value as { items: { nama: string }[] }).items[0]?.nama).toBe('AHMAD SUHENDRA');
    const admin = f.core.services.sessions.create();
    admin.signIn({ userId: 'u-admin', username: 'kades', name: 'Admin', role: 'admin' }, Date.now());
    expect(await f.core.dispatcher.invoke('requests:search', { query: 'suhendra' }, { transport: 'host', session: admin })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('audits each search with who, kind, length and hits, never the NIK, name or phone searched for', async () => {
    const desk = f.core.services.sessions.create();
    desk.signIn({ userId: 'u-siti', username: 'siti', name: 'Siti Aminah', role: 'operator' }, Date.now());
    const call = (query: string) => f.core.dispatcher.invoke('requests:search', { query }, { transport: 'host', session: desk });
    for (const q of [PEOPLE[0].nik, 'Ahmad Suhendar', '081234567890', '360405']) expect((await call(q)).ok).toBe(true);
    const rows = f.core.services.store.audit.list({ action: 'request.search', actor: 'operator:siti' }, 10, 0).items.reverse().slice(-4);
    expect(rows.map((r) => r.detail)).toEqual([
      { kind: 'nik', length: 16, hits: 1, offset: 0 },
      { kind: 'name', length: 14, hits: expect.any(Number), offset: 0 },
      { kind: 'phone', length: 12, hits: 1, offset: 0 },
      { kind: 'nik', length: 6, hits: 3, offset: 0 },
    ]);
    expect(rows.every((r) => r.subject === null)).toBe(true);
    const log = JSON.stringify(f.core.services.store.audit.list({}, 500, 0).items).toLowerCase();
    for (const secret of [PEOPLE[0].nik, 'suhendar', 'suhendra', '81234567890', '360405']) expect(log).not.toContain(secret);
    expect(f.core.services.store.audit.verifyChain().ok).toBe(true);
  });
});
