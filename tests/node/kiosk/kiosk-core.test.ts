import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { createLogger } from '../../../main/log.js';
import { requestOf } from '../../../shared/domain/request.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});
const applicant = { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT RT 002/RW 005', source: 'card' as const };
const consent = { accepted: true, statementVersion: 'pdp-2026-01' };

describe('kiosk core: durable submit with queue number and consent, status, SKM', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  const invoke = (name: string, req: unknown) => core.dispatcher.invoke(name, req, { transport: 'internal' });
  beforeEach(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, now: () => new Date(2026, 10, 23, 9, 30) });
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('writes submission, outbox, queue number and consent in one transaction; a retry is harmless', async () => {
    const id = randomUUID();
    const req = { id, serviceId: 'surat-domisili', serviceVersion: 1, applicant, answers: { keperluan: 'kerja' }, consent };
    const a = await invoke('kiosk:submit', req);
    expect(a.ok).toBe(true);
    const b = await invoke('kiosk:submit', req);
    expect(b).toEqual(a);
    if (!a.ok) return;
    expect(a.value).toMatchObject({ queueNo: 'B-001', serviceTitle: 'Surat keterangan domisili' });
    const store = core.services.store;
    expect(store.submissions.count()).toBe(1);
    expect(store.kiosk.outboxState(id)).toBe('pending');
    // Queue number and consent are part of the stored request, written in the same transaction.
    expect(requestOf(store.submissions.get(id)!.payload)).toMatchObject({
      queueNo: 'B-001',
      consent: { accepted: true, statementVersion: 'pdp-2026-01' },
      applicant: { source: 'card' },
      channel: 'kiosk',
    });
    const next = await invoke('kiosk:submit', { ...req, id: randomUUID(), serviceId: 'ktp-el-baru', answers: { alasan: 'umur-17' } });
    expect(next.ok && (next.value as { queueNo: string }).queueNo).toBe('A-001');
  });

  it('refuses invalid answers, missing consent and an old consent statement, storing nothing', async () => {
    const base = { id: randomUUID(), serviceId: 'pindah', serviceVersion: 1, applicant, consent };
    const bad = await invoke('kiosk:submit', { ...base, answers: { tujuan: 'dalam-kabupaten', kecamatanTujuan: '36.04.05', desaTujuan: '36.04.09.2001', jumlahPindah: '2', alasan: 'keluarga' } });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.details).toEqual({ problems: { desaTujuan: { key: 'validate.choose' } } });
    expect((await invoke('kiosk:submit', { ...base, answers: {}, consent: { accepted: false, statementVersion: 'pdp-2026-01' } })).ok).toBe(false);
    expect((await invoke('kiosk:submit', { ...base, answers: {}, consent: { accepted: true, statementVersion: 'old' } })).ok).toBe(false);
    expect(core.services.store.submissions.count()).toBe(0);
  });

  it('status by tracking code: initials only; by a (guessable) registration number: the state alone; identity only for a card this reader read', async () => {
    const r = await invoke('kiosk:submit', { id: randomUUID(), serviceId: 'sku', serviceVersion: 1, applicant, answers: { jenisUsaha: 'WARUNG', alamatUsaha: 'KP. KRAMAT', lamaUsaha: '3', keperluan: 'kur' }, consent });
    if (!r.ok) throw new Error(r.error.message);
    const rec = r.value as { submissionId: string; trackingCode: string; registrationNo: string };
    core.services.store.submissions.setStatus(rec.submissionId, 'done', 'Surat bisa diambil', new Date(2026, 10, 24).toISOString(), 'hub');
    const s1 = await invoke('kiosk:status', { code: rec.trackingCode.toLowerCase() });
    expect(s1.ok && s1.value).toMatchObject({ status: 'done', initials: 'A. S.', identity: null, limited: false });
    // A NIK sent by the page proves nothing: no card was read by this kiosk's reader.
    const s2 = await invoke('kiosk:status', { code: rec.trackingCode, cardNik: applicant.nik });
    expect(s2.ok && s2.value).toMatchObject({ identity: null, identityMismatch: true });
    const s3 = await invoke('kiosk:status', { code: rec.registrationNo, cardNik: applicant.nik });
    expect(s3.ok && s3.value).toMatchObject({ limited: true, initials: '', serviceTitle: '', trackingCode: '', identity: null, status: 'done' });
    expect(JSON.stringify(s1)).not.toContain('AHMAD');
    expect(JSON.stringify(s3)).not.toContain('AHMAD');
  });

  it('SKM answers give the IKM report', async () => {
    for (const score of [3, 4] as const) {
      const scores = Object.fromEntries(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'].map((u) => [u, score]));
      expect((await invoke('kiosk:survey', { id: randomUUID(), serviceId: 'sku', scores })).ok).toBe(true);
    }
    const ikm = await invoke('kiosk:ikm', {});
    expect(ikm.ok && ikm.value).toMatchObject({ responses: 2, ikm: 3.5, converted: 87.5, mutu: 'B' });
  });
});
