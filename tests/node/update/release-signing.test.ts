import { randomBytes } from 'node:crypto';
import { copyFileSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateReleaseKey, readPrivateKey, readPublicKey, signRelease, verifyRelease } from '../../../main/update/release-signing.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';

describe('release signatures (issue 15): real files, good and bad', () => {
  let tmp: ReturnType<typeof tempDir>;
  let installer: string;
  beforeEach(() => {
    tmp = tempDir();
    installer = join(tmp.dir, 'Anjungan-0.2.0.AppImage');
    writeFileSync(installer, randomBytes(3 * 1024 * 1024 + 17));
  });
  afterEach(() => tmp.cleanup());

  it('a signed file verifies; a flipped byte, a truncated copy, another key and a missing .sig are refused', async () => {
    const k = generateReleaseKey(join(tmp.dir, 'release.key'));
    expect((statSync(k.privateFile).mode & 0o777).toString(8)).toBe('600');
    const pub = readPublicKey(readFileSync(k.publicFile));
    await signRelease(installer, readPrivateKey(k.privateFile));
    expect(await verifyRelease(installer, pub)).toMatchObject({ ok: true, name: 'Anjungan-0.2.0.AppImage' });

    const tampered = join(tmp.dir, 'tampered', 'Anjungan-0.2.0.AppImage');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(tmp.dir, 'tampered'));
    copyFileSync(installer, tampered);
    copyFileSync(`${installer}.sig`, `${tampered}.sig`);
    const bytes = readFileSync(tampered);
    bytes[1_000_000] = bytes[1_000_000]! ^ 0x01;
    writeFileSync(tampered, bytes);
    expect(await verifyRelease(tampered, pub)).toMatchObject({ ok: false, reason: 'tampered' });

    truncateSync(tampered, 1024);
    expect(await verifyRelease(tampered, pub)).toMatchObject({ ok: false, reason: 'truncated' });

    const other = generateReleaseKey(join(tmp.dir, 'other.key'));
    expect(await verifyRelease(installer, readPublicKey(readFileSync(other.publicFile)))).toMatchObject({ ok: false, reason: 'wrong_key' });

    const unsigned = join(tmp.dir, 'latest-linux.yml');
    writeFileSync(unsigned, 'version: 0.2.0\n');
    expect(await verifyRelease(unsigned, pub)).toMatchObject({ ok: false, reason: 'unsigned' });
    writeFileSync(`${unsigned}.sig`, 'not json');
    expect(await verifyRelease(unsigned, pub)).toMatchObject({ ok: false, reason: 'bad_signature_file' });
    // A genuine signature of another file does not sign this one.
    copyFileSync(`${installer}.sig`, `${unsigned}.sig`);
    expect(await verifyRelease(unsigned, pub)).toMatchObject({ ok: false, reason: 'wrong_name' });
  });

  it('the CLI contract: keygen writes FILE and FILE.pub, sign writes .sig beside each, verify exits 0 only for an intact, signed file', async () => {
    const key = join(tmp.dir, 'kab.key');
    const kg = await runCli(['release', 'keygen', '--out', key]);
    expect(kg.code, kg.stderr).toBe(0);
    expect(kg.stdout).toContain(`${key}.pub`);
    expect((await runCli(['release', 'keygen', '--out', key])).code).toBe(1);
    const yml = join(tmp.dir, 'latest-linux.yml');
    writeFileSync(yml, 'version: 0.2.0\npath: Anjungan-0.2.0.AppImage\n');
    const signed = await runCli(['release', 'sign', '--key', key, installer, yml]);
    expect(signed.code, signed.stderr).toBe(0);
    expect(signed.stdout).toBe('signed Anjungan-0.2.0.AppImage\nsigned latest-linux.yml\n');
    const ok = await runCli(['release', 'verify', '--key', `${key}.pub`, installer]);
    expect(ok).toMatchObject({ code: 0, stdout: 'ok Anjungan-0.2.0.AppImage\n' });
    writeFileSync(yml, 'version: 9.9.9\n');
    const bad = await runCli(['release', 'verify', '--key', `${key}.pub`, yml]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^(tampered|truncated):/);
    expect((await runCli(['release', 'verify', installer])).code).toBe(2);
  });
});
