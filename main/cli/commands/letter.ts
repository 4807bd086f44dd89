import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LetterVerification } from '../../../shared/api/calls/letters.js';
import { readCatalogue } from '../../catalogue/catalogue-service.js';
import { letterKeys } from '../../core/letters/letter-keys.js';
import { tokenFromPdf } from '../../core/letters/pdf-token.js';
import { describeVerdict, verifyLetterToken, type KeyLookup } from '../../core/letters/verify.js';
import { DATABASE_FILE, openStore } from '../../db/store.js';
import { CATALOGUE_DIR, defaultDataDir } from '../../paths.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { DB_HELP, withHubStore } from './hub-common.js';

const OUTPUT_HELP = `Prints "valid", "altered" or "unknown_office" and what the letter says (--json: the
whole answer as JSON). Exit 0: valid (and, with --nik, the NIK matches); 1: altered, unknown
office or NIK mismatch; 2: usage.`;

/** TOKEN, or FILE.pdf whose info dictionary carries the token. */
function tokenOf(arg: string): { token: string | null; source: string } {
  if (arg.toLowerCase().endsWith('.pdf') || existsSync(arg)) {
    if (!existsSync(arg)) throw new UsageError(`no such file: ${arg}`);
    return { token: tokenFromPdf(arg), source: arg };
  }
  return { token: arg, source: 'token' };
}

function titles(dirs: string[]): (id: string) => string | undefined {
  const services = readCatalogue(dirs).services;
  return (id) => services.find((s) => s.id === id)?.title;
}

async function verifyAndReport(arg: string, lookup: KeyLookup, serviceTitle: (id: string) => string | undefined, o: { nik?: string | undefined; json?: boolean | undefined }): Promise<number> {
  if (o.nik !== undefined && !/^\d{16}$/.test(o.nik)) throw new UsageError('--nik must be 16 digits');
  const { token, source } = tokenOf(arg);
  const result: LetterVerification = token
    ? describeVerdict(await verifyLetterToken(token, lookup, o.nik), serviceTitle)
    : { outcome: 'altered', message: `${source} carries no Anjungan letter token (not a letter, or re-saved by another program): scan its QR instead`, officeCode: null, office: null, letter: null, nikMatches: null };
  if (o.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(`${describe(result)}\n`);
  return result.outcome === 'valid' && result.nikMatches !== false ? 0 : 1;
}

function describe(r: LetterVerification): string {
  const office = r.office ? `Desa ${r.office.desa}, Kecamatan ${r.office.kecamatan} (${r.officeCode})` : (r.officeCode ?? 'unknown office');
  if (r.outcome !== 'valid' || !r.letter) return `${r.outcome}: ${r.message}${r.officeCode ? ` [${office}]` : ''}`;
  const nik = r.nikMatches === null ? '' : r.nikMatches ? '\nNIK: matches the letter' : '\nNIK: does NOT match the letter';
  return `valid: letter ${r.letter.number} of ${r.letter.date}\nservice: ${r.letter.serviceTitle}\noffice: ${office}${nik}`;
}

export const letterVerifyCommand: Command = {
  name: 'letter verify',
  summary: 'check a letter (its QR token, or the PDF) against this device\'s letter keys, offline',
  usage: `anjungan letter verify TOKEN|FILE.pdf [--nik NIK] [--data DIR] [--json]

  TOKEN     the text of the letter's QR code
  FILE.pdf  a letter PDF made by Anjungan (the token is read from its metadata)
  --nik     also check that the letter was issued to this NIK (16 digits)
  --data    the data folder whose keys to use (default ${'$'}ANJUNGAN_DATA or the user's)

${OUTPUT_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { data: { type: 'string' }, json: { type: 'boolean' }, nik: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new UsageError('expected one TOKEN or FILE.pdf');
    const dataDir = resolve(values.data ?? defaultDataDir());
    if (!existsSync(join(dataDir, DATABASE_FILE))) throw new UsageError(`no Anjungan store in ${dataDir} (pass --data DIR)`);
    const store = openStore(dataDir);
    try {
      const keys = letterKeys(store.letters);
      return await verifyAndReport(positionals[0]!, (o, k) => keys.lookup(o, k), titles([CATALOGUE_DIR, join(dataDir, 'catalogue-hub'), join(dataDir, 'catalogue')]), values);
    } finally {
      store.close();
    }
  },
};

export const hubLetterCommand: Command = {
  name: 'hub letter',
  summary: 'check a letter at the hub: hub letter verify TOKEN|FILE.pdf (keys published by the desks)',
  usage: `anjungan hub letter verify TOKEN|FILE.pdf [--nik NIK] [--db TARGET] [--json]

  ${DB_HELP}

${OUTPUT_HELP}`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { db: { type: 'string' }, json: { type: 'boolean' }, nik: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const [verb, arg] = positionals;
    if (verb !== 'verify' || !arg || positionals.length !== 2) throw new UsageError('expected: hub letter verify TOKEN|FILE.pdf');
    return withHubStore(values.db, (store) =>
      verifyAndReport(arg, async (office, keyId) => (await store.letterKey(office, keyId))?.publicKey, titles([CATALOGUE_DIR]), values),
    );
  },
};
