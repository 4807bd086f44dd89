import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { TEST_APPLICANT, testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { quiet } from '../sync/harness.js';

/** The PDF's text, as poppler reads it (the same tool CI uses to render letters). */
function pdfText(pdf: Buffer, dir: string): string {
  const file = join(dir, 'r.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('data-subject report (UU 27/2022)', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    core = undefined;
    tmp?.cleanup();
  });

  it('lists, for the e-KTP on the desk\'s reader, what the office holds and why; only after the card is read', async () => {
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
    const mine = testRequest('sku', { applicant: { nik: card.nik, nama: card.nama, alamat: card.alamat, source: 'card' } });
    await invokeOrThrow(c.dispatcher, 'kiosk:submit', mine);
    await invokeOrThrow(c.dispatcher, 'kiosk:submit', testRequest('sktm', { applicant: { ...TEST_APPLICANT, nik: '3604051208850009', nama: 'SITI AMINAH' } }));

    const before = await c.dispatcher.invoke('privacy:subject-report', {}, { transport: 'internal' });
    expect(before).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const read = new Promise((resolve) => c.events.on('card:read', resolve));
    await c.dispatcher.invoke('sim:insert-card', { index: 0 }, { transport: 'internal' });
    await read;
    const { report, pdfBase64, filename } = await invokeOrThrow(c.dispatcher, 'privacy:subject-report', {});
    expect(filename).toMatch(/^data-pribadi-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(report.nikMasked).toBe(`${card.nik.slice(0, 6)}******${card.nik.slice(12)}`);
    // Only the card holder's request, never the other resident's.
    expect(report.requests).toHaveLength(1);
    const entry = report.requests[0]!;
    expect(entry).toMatchObject({
      serviceTitle: 'Surat keterangan usaha (SKU)',
      status: 'Diterima di desa',
      recipient: 'Kantor desa',
      sentToHub: false,
      consent: { statementVersion: 'pdp-2026-01' },
      letterNumber: null,
    });
    expect(entry.dataHeld).toEqual(expect.arrayContaining(['NIK', 'Nama', 'Alamat', 'Jawaban: Usaha apa yang Anda jalankan?']));
    expect(entry.retention).toMatch(/^730 hari setelah selesai/);
    // The report names kinds of data, never the values.
    expect(JSON.stringify(report)).not.toContain(card.nama);
    expect(JSON.stringify(report)).not.toContain(card.nik);

    const text = pdfText(Buffer.from(pdfBase64, 'base64'), tmp.dir);
    expect(text).toContain('Data pribadi yang disimpan kantor ini');
    expect(text).toContain('Surat keterangan usaha (SKU)');
    expect(text).toContain('730 hari setelah selesai');
    expect(text).not.toContain(card.nik);

    const audit = await invokeOrThrow(c.dispatcher, 'audit:list', { limit: 50, offset: 0 });
    expect(audit.items.find((a) => a.action === 'privacy.subject-report')).toBeDefined();
  });

  it('from the CLI: a private PDF for a NIK, and an empty report for a NIK the office does not hold', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
    await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest('ktp-el-baru'));
    await core.close();
    core = undefined;
    const out = join(tmp.dir, 'out', 'laporan.pdf');
    const lines: string[] = [];
    const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    const se = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await main(['privacy', 'report', '--data', tmp.dir, '--nik', TEST_APPLICANT.nik, '--out', out, '--json'])).toBe(0);
      const report = JSON.parse(lines.join('')) as { requests: { recipient: string; sentToHub: boolean }[] };
      expect(report.requests).toHaveLength(1);
      expect(report.requests[0]!.recipient).toMatch(/Disdukcapil|Dukcapil|OPD/);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
      lines.length = 0;
      expect(await main(['privacy', 'report', '--data', tmp.dir, '--nik', '3604059999990001', '--out', out, '--json'])).toBe(0);
      expect(JSON.parse(lines.join(''))).toMatchObject({ requests: [], cardUids: 0 });
      expect(pdfText(readFileSync(out), tmp.dir)).toContain('tidak menyimpan permohonan atas NIK ini');
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
  });
});
