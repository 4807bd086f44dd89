import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { encryptFile, rekeyFile } from '../../db/encrypt.js';
import { writeNewKeyFile } from '../../db/keys/db-key.js';
import { resolveStoredKey, writeKeyRef } from '../../db/keys/key-ref.js';
import { DATABASE_FILE } from '../../db/store.js';
import { defaultDataDir } from '../../paths.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { KEY_HELP, KEY_OPTIONS, keyFromOptions, refOf } from '../key-options.js';

/** The SQLite files to convert: --db FILE (a hub's file), or a data folder's store and, when the embedded hub ran, its file. */
function targetFiles(values: { data?: string | undefined; db?: string | undefined }): { files: string[]; folder: string } {
  if (values.db !== undefined && values.data !== undefined) throw new UsageError('give --data DIR or --db FILE, not both');
  if (values.db !== undefined) {
    const file = resolve(values.db);
    if (!existsSync(file)) throw new Error(`${file} does not exist`);
    return { files: [file], folder: dirname(file) };
  }
  const dataDir = resolve(values.data ?? defaultDataDir());
  return { files: dataFiles(dataDir), folder: dataDir };
}

function dataFiles(dataDir: string): string[] {
  const files = [join(dataDir, DATABASE_FILE), join(dataDir, 'hub', 'hub.sqlite')];
  if (!existsSync(files[0]!)) throw new Error(`${files[0]} does not exist (is --data right?)`);
  return files.filter((f) => existsSync(f));
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

export const dbEncryptCommand: Command = {
  name: 'db encrypt',
  summary: 'encrypt a data folder\'s plain database files in place (SQLCipher)',
  usage: `anjungan db encrypt [--data DIR | --db FILE] (--key-file F | --key-env NAME | --key-stdin)

  --data DIR    data folder (default: ${defaultDataDir()}, or $ANJUNGAN_DATA)
  --db FILE     one SQLite file instead (a hub's, as \`hub serve --db FILE\` uses)
${KEY_HELP}
                --key-file F that does not exist yet is generated (0600, 32 random bytes)

Encrypts <data>/${DATABASE_FILE} (and the embedded hub's hub/hub.sqlite) through a temp copy,
fsync and rename: a crash leaves the old file whole. Stop Anjungan first. Records where the key
is in <data>/db-key.json (never the key itself), so later commands find it.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, db: { type: 'string' }, ...KEY_OPTIONS });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const { files } = targetFiles(values);
    const given = await keyFromOptions(values, { create: true });
    if (!given) throw new UsageError('give the key: --key-file F, --key-env NAME or --key-stdin');
    if (given.created) say(`wrote a new key file ${given.keyFile} (0600): keep it out of the data folder and its backups`);
    for (const file of files) {
      const r = encryptFile(file, given.key);
      writeKeyRef(dirname(file), refOf(given));
      say(`${file}: ${r === 'converted' ? 'encrypted' : 'already encrypted with this key'}`);
    }
    return 0;
  },
};

export const dbRekeyCommand: Command = {
  name: 'db rekey',
  summary: 'change the key of a data folder\'s encrypted database files',
  usage: `anjungan db rekey [--data DIR | --db FILE] [--key-file OLD | --key-env NAME | --key-stdin] (--new-key-file NEW | --new-key-env NAME)

  --data DIR    data folder (default: ${defaultDataDir()}, or $ANJUNGAN_DATA)
  --db FILE     one SQLite file instead (a hub's, as \`hub serve --db FILE\` uses)
${KEY_HELP}
  --new-key-file NEW  the new key file (generated, 0600, when it does not exist)
  --new-key-env NAME  a new passphrase from the environment variable NAME

Re-encrypts every page under the new key (PRAGMA rekey) through a temp copy, fsync and rename,
then points <data>/db-key.json at the new key. Stop Anjungan first. Keep the old key until the
new one has opened the store once.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, db: { type: 'string' }, ...KEY_OPTIONS, 'new-key-file': { type: 'string' }, 'new-key-env': { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const { files, folder } = targetFiles(values);
    const old = (await keyFromOptions(values))?.key ?? resolveStoredKey(folder);
    if (!old) throw new UsageError(`no key given and ${folder} records none: give the current key with --key-file, --key-env or --key-stdin`);
    const fresh = await keyFromOptions({ 'key-file': values['new-key-file'], 'key-env': values['new-key-env'] }, { create: true, names: ['--new-key-file', '--new-key-env', '--key-stdin'] });
    if (!fresh) throw new UsageError('give the new key: --new-key-file NEW or --new-key-env NAME');
    if (fresh.created) say(`wrote a new key file ${fresh.keyFile} (0600)`);
    for (const file of files) {
      const r = rekeyFile(file, old, fresh.key);
      writeKeyRef(dirname(file), refOf(fresh));
      say(`${file}: ${r === 'converted' ? 'new key set' : 'already has the new key'}`);
    }
    return 0;
  },
};

export const dbKeygenCommand: Command = {
  name: 'db keygen',
  summary: 'write a new random database key file (0600)',
  usage: `anjungan db keygen --out FILE

Writes 32 random bytes as 64 hex digits to FILE (created 0600, never over an existing file).`,
  async run(argv) {
    const { values } = parseOptions(argv, { out: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.out) throw new UsageError('--out FILE is required');
    const file = resolve(values.out);
    if (existsSync(file)) throw new UsageError(`${file} exists; a key file is never overwritten`);
    writeNewKeyFile(file);
    say(`wrote ${file} (0600)`);
    return 0;
  },
};
