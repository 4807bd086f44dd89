import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { letterCore, submitDesa } from './helpers.js';

/** The built CLI (`npm run build:node` first): anjungan letter verify / hub letter verify. */
const built = existsSync(resolve(import.meta.dirname, '..', '..', '..', 'dist', 'node', 'main', 'cli', 'main.js'));

describe('cli: anjungan letter verify', () => {
  const tmp = tempDir('anjungan-letter-cli-');
  let token = '';
  let number = '';
  let pdf = '';
  beforeAll(async () => {
    const core = await letterCore(tmp.dir);
    try {
      const { letter } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId: await submitDesa(core, 'sktm') });
      token = letter.token;
      number = letter.number;
      pdf = join(tmp.dir, 'letters', letter.date.slice(0, 4), `${number.replaceAll('/', '-')}.pdf`);
    } finally {
      await core.close();
    }
  });
  afterAll(() => tmp.cleanup());

  it('TOKEN: valid, exit 0; --json gives the whole answer; --nik checks the holder', async () => {
    expect(built, 'run `npm run build:node` first').toBe(true);
    const text = await runCli(['letter', 'verify', token, '--data', tmp.dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`^valid: letter ${number.replaceAll('.', '\\.')} of \\d{4}-\\d{2}-\\d{2}\\nservice: Surat keterangan tidak mampu \\(SKTM\\)\\noffice: Desa Kramatwatu, Kecamatan Kramatwatu \\(36\\.04\\.05\\.2001\\)\\n$`));
    const json = await runCli(['letter', 'verify', token, '--data', tmp.dir, '--json', '--nik', '3604051208850001']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ outcome: 'valid', letter: { number, serviceId: 'sktm' }, nikMatches: true });
    const other = await runCli(['letter', 'verify', token, '--data', tmp.dir, '--nik', '3604051208850002']);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain('NIK: does NOT match the letter');
  });

  it('FILE.pdf: the token is read from the PDF metadata; a PDF without one and an altered token exit 1', async () => {
    const r = await runCli(['letter', 'verify', pdf, '--data', tmp.dir, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'valid', letter: { number } });
    const blank = join(tmp.dir, 'bukan-surat.pdf');
    writeFileSync(blank, '%PDF-1.4\n%%EOF\n');
    const none = await runCli(['letter', 'verify', blank, '--data', tmp.dir, '--json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toMatchObject({ outcome: 'altered', message: expect.stringMatching(/carries no Anjungan letter token/) });
    const bytes = Buffer.from(token, 'base64url');
    bytes[bytes.length - 1]! ^= 1;
    const altered = await runCli(['letter', 'verify', bytes.toString('base64url'), '--data', tmp.dir]);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toMatch(/^altered: the signature does not match/);
  });

  it('a key this store does not know: unknown_office, exit 1; usage errors exit 2', async () => {
    const empty = tempDir('anjungan-letter-cli-other-');
    try {
      await (await letterCore(empty.dir)).close();
      const unknown = await runCli(['letter', 'verify', token, '--data', empty.dir]);
      expect(unknown.code).toBe(1);
      expect(unknown.stdout).toMatch(/^unknown_office: no letter key [0-9a-f]{8} of office 36\.04\.05\.2001 is known here/);
    } finally {
      empty.cleanup();
    }
    expect((await runCli(['letter', 'verify', '--data', tmp.dir])).code).toBe(2);
    expect((await runCli(['letter', 'verify', token, '--data', join(tmp.dir, 'nowhere')])).stderr).toMatch(/no Anjungan store in/);
    expect((await runCli(['letter', 'verify', 'missing.pdf', '--data', tmp.dir])).code).toBe(2);
    expect((await runCli(['hub', 'letter', 'check', token])).code).toBe(2);
    expect((await runCli(['letter', 'verify', token, '--nik', '123', '--data', tmp.dir])).code).toBe(2);
    const help = await runCli(['--help']);
    expect(help.stdout).toMatch(/letter verify\s+check a letter/);
    expect(help.stdout).toMatch(/hub letter\s+check a letter at the hub/);
  });
});
