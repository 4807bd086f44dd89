import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateReleaseKey, readPrivateKey, readPublicKey, signRelease, verifyRelease } from '../../update/release-signing.js';
import { parseOptions, UsageError, type Command } from '../command.js';

export const releaseKeygenCommand: Command = {
  name: 'release keygen',
  summary: 'make the kabupaten release signing key (Ed25519): FILE and FILE.pub',
  usage: `anjungan release keygen --out FILE

Writes FILE (the private key, PKCS#8 PEM, mode 0600: keep it offline) and FILE.pub (the public
key, shipped with the app). Refuses to overwrite either. Prints the two paths.`,
  async run(argv) {
    const { values } = parseOptions(argv, { out: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.out) throw new UsageError('--out FILE is required');
    try {
      const r = generateReleaseKey(resolve(values.out));
      process.stdout.write(`private key: ${r.privateFile}\npublic key: ${r.publicFile}\n`);
      return 0;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        process.stderr.write(`anjungan release keygen: ${values.out} or ${values.out}.pub exists already; not overwritten\n`);
        return 1;
      }
      throw err;
    }
  },
};

export const releaseSignCommand: Command = {
  name: 'release sign',
  summary: 'sign release files: writes RELEASE.sig beside each',
  usage: `anjungan release sign --key FILE RELEASE...

  --key FILE   the private key from \`anjungan release keygen\`

Writes RELEASE.sig (name, size, sha512, Ed25519 signature) beside each RELEASE and prints
"signed NAME" for each.`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { key: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.key) throw new UsageError('--key FILE is required');
    if (positionals.length === 0) throw new UsageError('name at least one RELEASE file');
    const key = readPrivateKey(resolve(values.key));
    for (const p of positionals) {
      const sig = await signRelease(resolve(p), key);
      process.stdout.write(`signed ${sig.name}\n`);
    }
    return 0;
  },
};

export const releaseVerifyCommand: Command = {
  name: 'release verify',
  summary: 'check a release file against its signature (exit 0 only when intact and signed)',
  usage: `anjungan release verify --key FILE.pub RELEASE

  --key FILE.pub  the release public key

Prints "ok NAME" and exits 0 when RELEASE is intact and signed by that key; otherwise prints
why (unsigned, bad_signature_file, wrong_name, truncated, tampered, wrong_key) and exits 1.`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { key: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.key) throw new UsageError('--key FILE.pub is required');
    if (positionals.length !== 1) throw new UsageError('name exactly one RELEASE file');
    const outcome = await verifyRelease(resolve(positionals[0]!), readPublicKey(readFileSync(resolve(values.key))));
    if (outcome.ok) {
      process.stdout.write(`ok ${outcome.name}\n`);
      return 0;
    }
    process.stdout.write(`${outcome.reason}: ${outcome.message}\n`);
    return 1;
  },
};
