import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { tokenFromPdf } from '../../../main/core/letters/pdf-token.js';
import { decodeQrPng } from '../../helpers/qr.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { fakeLp, letterCore, renderPage1, submitDesa } from './helpers.js';

const FIXED = () => new Date(2026, 10, 23, 9, 30);

describe('letters: issue, keep, preview, regenerate', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  beforeEach(async () => {
    tmp = tempDir('anjungan-letters-');
    core = await letterCore(tmp.dir, FIXED);
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('issues an A4 PDF with the number, keeps it private, and its QR decodes to the signed token', async () => {
    const id = await submitDesa(core, 'surat-domisili');
    const { letter, created } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: id });
    expect(created).toBe(true);
    expect(letter.number).toBe('470/001/2001/XI/2026');
    expect(letter.date).toBe('2026-11-23');
    expect(letter.fileKept).toBe(true);
    expect(letter.token.length).toBeLessThan(200);
    const path = join(tmp.dir, 'letters', '2026', '470-001-2001-XI-2026.pdf');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp.dir, 'letters')).mode & 0o777).toBe(0o700);
    expect(statSync(join(tmp.dir, 'letters', '2026')).mode & 0o777).toBe(0o700);
    const pdf = readFileSync(path);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(tokenFromPdf(path)).toBe(letter.token);

    const png = renderPage1(path, 'surat-domisili');
    expect(decodeQrPng(png)).toBe(letter.token);

    const verdict = await invokeOrThrow(core.dispatcher, 'letters:verify', { token: letter.token, nik: '3604051208850001' });
    expect(verdict).toMatchObject({ outcome: 'valid', letter: { number: letter.number, date: '2026-11-23', serviceTitle: 'Surat keterangan domisili' }, nikMatches: true });
  });

  it('a second issue for the same submission answers the same letter; the next submission gets the next number', async () => {
    const a = await submitDesa(core, 'sktm');
    const first = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: a });
    const again = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: a });
    expect(again.created).toBe(false);
    expect(again.letter).toMatchObject({ id: first.letter.id, number: first.letter.number, token: first.letter.token });
    const b = await submitDesa(core, 'sku');
    const second = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: b });
    expect(first.letter.number).toBe('460/001/2001/XI/2026');
    expect(second.letter.number).toBe('510/002/2001/XI/2026');
    const issued = core.services.store.audit.list({ action: 'letter.issue' }, 10, 0).items;
    expect(issued.map((e) => e.detail)).toEqual([{ number: second.letter.number }, { number: first.letter.number }]);
  });

  it('refuses a service that is not a desa service with a template, and a submission that does not exist', async () => {
    const ktp = await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest('ktp-el-baru'));
    const r = await core.dispatcher.invoke('letters:issue', { submissionId: ktp.submissionId }, { transport: 'internal' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/not a desa service with a letter template/) } });
    const none = await core.dispatcher.invoke('letters:issue', { submissionId: '00000000-0000-4000-8000-000000000000' }, { transport: 'internal' });
    expect(none).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(core.services.store.letters.count()).toBe(0);
  });

  it('regenerates a lost PDF byte-identical from the stored letter, on demand and at the next start', async () => {
    const id = await submitDesa(core, 'sku');
    const { letter } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: id });
    const path = join(tmp.dir, 'letters', '2026', `${letter.number.replaceAll('/', '-')}.pdf`);
    const original = readFileSync(path);
    rmSync(path);
    const preview = await invokeOrThrow(core.dispatcher, 'letters:get', { submissionId: id });
    expect(Buffer.from(preview.pdfBase64!, 'base64').equals(original)).toBe(true);
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(core.services.store.audit.list({ action: 'letter.view' }, 10, 0).items[0]).toMatchObject({ subject: id, detail: { number: letter.number } });

    rmSync(path);
    await core.close();
    core = await letterCore(tmp.dir, FIXED);
    expect(await core.services.letters.pdfs.ensureAll()).toBe(1); // joins the check the start began
    expect(readFileSync(path).equals(original)).toBe(true);
    expect(await core.services.letters.pdfs.ensureAll()).toBe(0);
  });

  it('a failing lp leaves the letter issued and says so; a working lp prints it', async () => {
    const id = await submitDesa(core, 'surat-domisili');
    const { letter } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: id });
    const noPrinter = await core.dispatcher.invoke('letters:print', { submissionId: id }, { transport: 'internal' });
    expect(noPrinter).toMatchObject({ ok: false, error: { code: 'printer_not_ready', message: expect.stringMatching(/no letter printer is configured/) } });

    await invokeOrThrow(core.dispatcher, 'settings:update', { letterPrinter: 'kantor-desa' });
    const path = process.env['PATH'];
    try {
      const bad = fakeLp(join(tmp.dir, 'bad'), 'fail');
      process.env['PATH'] = bad.env;
      const failed = await core.dispatcher.invoke('letters:print', { submissionId: id }, { transport: 'internal' });
      expect(failed).toMatchObject({
        ok: false,
        error: { code: 'printer_not_ready', message: expect.stringMatching(/is issued and kept, but printing on kantor-desa failed: lp exited with 1: lp: The printer or class does not exist/), details: { number: letter.number } },
      });
      expect(readFileSync(bad.log, 'utf8')).toContain(`-d kantor-desa -t ${letter.number} -- `);
      const row = core.services.store.letters.bySubmission(id)!;
      expect(row).toMatchObject({ number: letter.number, printCount: 0, lastPrintError: expect.stringMatching(/exited with 1/) });

      const good = fakeLp(join(tmp.dir, 'good'), 'ok');
      process.env['PATH'] = good.env;
      const printed = await invokeOrThrow(core.dispatcher, 'letters:print', { submissionId: id });
      expect(printed).toMatchObject({ printer: 'kantor-desa', jobId: 'kantor-7', letter: { number: letter.number, printCount: 1, lastPrintError: null } });
    } finally {
      process.env['PATH'] = path;
    }
    expect(core.services.store.letters.count()).toBe(1);
    const prints = core.services.store.audit.list({ action: 'letter.print' }, 10, 0).items.map((e) => e.detail);
    expect(prints).toEqual([
      { number: letter.number, printer: 'kantor-desa', ok: true },
      { number: letter.number, printer: 'kantor-desa', ok: false, error: expect.stringMatching(/exited with 1/) },
    ]);
  });
});
