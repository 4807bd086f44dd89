import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { CATALOGUE_DIR } from '../../../main/paths.js';
import { tempDir } from '../../helpers/tmp.js';
import { PNG } from 'pngjs';
import { quiet, renderPage1, submitDesa } from './helpers.js';

describe('letter templates in the catalogue', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  let letters: string;
  beforeEach(async () => {
    tmp = tempDir('anjungan-letters-cat-');
    const root = join(tmp.dir, 'catalogue');
    for (const kind of ['services', 'agencies', 'letters']) cpSync(join(CATALOGUE_DIR, kind), join(root, kind), { recursive: true });
    letters = join(root, 'letters');
    core = await createCore({ dataDir: join(tmp.dir, 'data'), shell: 'host', log: quiet, watchCatalogue: false, catalogueDir: root });
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('an unknown placeholder refuses the load with file, line and placeholder; the last good catalogue stays and letters still issue', async () => {
    const file = join(letters, 'sku.txt');
    const lines = readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.startsWith('Jenis usaha:'));
    lines[at] = 'Jenis usaha: {isian.jenisDagangan}';
    writeFileSync(file, lines.join('\n'));
    const before = core.services.catalogue.get().revision;
    const refused = await invokeOrThrow(core.dispatcher, 'catalogue:reload', {});
    expect(refused.errors).toEqual([`file letters/sku.txt: line ${at + 1}: unknown placeholder {isian.jenisDagangan} (service sku has no field "jenisDagangan")`]);
    expect(refused.revision).toBe(before);
    const { letter } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: await submitDesa(core, 'sku') });
    expect(letter).toMatchObject({ number: '510/001/2001/' + letter.number.split('/').slice(3).join('/'), templateVersion: 1 });

    rmSync(join(letters, 'sktm.txt'));
    writeFileSync(file, readFileSync(join(CATALOGUE_DIR, 'letters', 'sku.txt')));
    expect((await invokeOrThrow(core.dispatcher, 'catalogue:reload', {})).errors).toEqual(['file sktm.json: field letter: no letter template "sktm" in the catalogue (add letters/sktm.txt)']);
  });

  it('a refused issue (a number pattern that grows too long) uses no number', async () => {
    await invokeOrThrow(core.dispatcher, 'settings:update', { letterNumberPattern: '{nomor}/SURAT-KETERANGAN-DESA-KRAMATWATU/{bulan romawi}/{tahun}' });
    const id = await submitDesa(core, 'surat-domisili');
    const r = await core.dispatcher.invoke('letters:issue', { submissionId: id }, { transport: 'internal' });
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/longer than 40 characters; shorten the pattern/) } });
    expect(core.services.store.letters.count()).toBe(0);
    await invokeOrThrow(core.dispatcher, 'settings:update', { letterNumberPattern: '{nomor}/DS/{tahun}' });
    expect((await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: id })).letter.number).toMatch(/^001\/DS\/\d{4}$/);
  });

  it('a kop logo: a PNG is drawn and kept by hash (the letter regenerates without the file); a wrong file is refused before numbering', async () => {
    const bad = join(tmp.dir, 'logo.svg');
    writeFileSync(bad, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    await invokeOrThrow(core.dispatcher, 'settings:update', { letterLogoFile: bad });
    const id = await submitDesa(core, 'surat-domisili');
    expect(await core.dispatcher.invoke('letters:issue', { submissionId: id }, { transport: 'internal' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/the kop logo .* cannot be used \(not a PNG or JPEG image\)/) },
    });
    expect(core.services.store.letters.count()).toBe(0);

    const logo = join(tmp.dir, 'logo.png');
    writeFileSync(logo, emblem());
    await invokeOrThrow(core.dispatcher, 'settings:update', { letterLogoFile: logo, letterSignatoryName: 'H. MULYADI, S.Sos.', letterSignatoryPosition: 'a.n. Kepala Desa Kramatwatu\nSekretaris Desa' });
    const { letter } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: id });
    const pdf = join(tmp.dir, 'data', 'letters', letter.date.slice(0, 4), `${letter.number.replaceAll('/', '-')}.pdf`);
    const original = readFileSync(pdf);
    expect(original.toString('latin1')).toContain('/Subtype /Image');
    renderPage1(pdf, 'surat-domisili-logo');
    rmSync(logo);
    rmSync(pdf);
    await core.services.letters.pdfs.ensureAll();
    expect(readFileSync(pdf).equals(original)).toBe(true);
  });
});

/** A small round emblem, green on white, as a stand-in for a desa logo. */
function emblem(): Buffer {
  const png = new PNG({ width: 96, height: 96 });
  for (let y = 0; y < 96; y++) {
    for (let x = 0; x < 96; x++) {
      const d = Math.hypot(x - 47.5, y - 47.5);
      const i = (y * 96 + x) * 4;
      const ring = d < 46 && (d > 38 || (d < 26 && Math.abs(x - 47.5) < 10 + (y - 20) / 3));
      png.data[i] = ring ? 20 : 255;
      png.data[i + 1] = ring ? 110 : 255;
      png.data[i + 2] = ring ? 60 : 255;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}
