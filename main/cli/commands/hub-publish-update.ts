import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import semver from 'semver';
import { parseSignature, SIGNATURE_SUFFIX } from '../../update/release-signing.js';
import { MAX_RELEASE_FILES, type NewReleaseFile } from '../../hub/releases.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { DB_HELP, withHubStore } from './hub-common.js';

/** The version an electron-builder latest*.yml names (its top-level `version:` line). */
export function ymlVersion(text: string): string | null {
  const m = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(text);
  return m && semver.valid(m[1]!) ? m[1]! : null;
}

export const hubPublishUpdateCommand: Command = {
  name: 'hub publish-update',
  summary: 'store a signed electron-builder release at the hub for devices to fetch',
  usage: `anjungan hub publish-update [--db TARGET] [--to CODE,CODE] [--platform linux|win] FILE...

  ${DB_HELP}
  --to CODES     office-code prefixes that get it first: kecamatan (36.04.05) or desa
                 (36.04.05.2001); default: every device
  --platform P   linux or win (default: from latest-linux.yml / latest.yml)

FILE... is one electron-builder release: the installer(s), exactly one latest*.yml, optional
blockmaps. Each FILE must be signed (FILE.sig beside it, from \`anjungan release sign\`); the
hub refuses unsigned files. Prints "published VERSION (PLATFORM) as release N to TARGETS".`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { db: { type: 'string' }, to: { type: 'string' }, platform: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (positionals.length === 0) throw new UsageError('name the release files');
    if (positionals.length > MAX_RELEASE_FILES) throw new UsageError(`a release has at most ${MAX_RELEASE_FILES} files`);
    const paths = positionals.map((p) => resolve(p));
    const ymls = paths.filter((p) => /^latest.*\.yml$/.test(basename(p)));
    if (ymls.length !== 1) throw new UsageError('name exactly one latest*.yml (electron-builder writes it beside the installer)');
    const version = ymlVersion(readFileSync(ymls[0]!, 'utf8'));
    if (!version) throw new UsageError(`${basename(ymls[0]!)} names no valid version`);
    const platform = values.platform ?? (basename(ymls[0]!).includes('linux') ? 'linux' : 'win');
    if (platform !== 'linux' && platform !== 'win') throw new UsageError('--platform must be linux or win');
    const to = (values.to ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    for (const t of to) if (!/^36\.04(\.\d{2}(\.\d{4})?)?$/.test(t)) throw new UsageError(`--to: "${t}" is not a Kabupaten Serang office-code prefix such as 36.04.05`);
    const files: NewReleaseFile[] = paths.map((p) => {
      const sigPath = `${p}${SIGNATURE_SUFFIX}`;
      if (!existsSync(sigPath)) throw new UsageError(`${basename(p)} is not signed (no ${basename(sigPath)}); run anjungan release sign first`);
      const sigText = readFileSync(sigPath, 'utf8');
      const sig = parseSignature(sigText);
      const data = readFileSync(p);
      if (!sig || sig.name !== basename(p) || sig.size !== data.length || createHash('sha512').update(data).digest('base64') !== sig.sha512) {
        throw new UsageError(`${basename(sigPath)} does not match ${basename(p)} (changed after signing?)`);
      }
      return { name: basename(p), sha512: sig.sha512, sig: sigText.trim(), data };
    });
    const id = await withHubStore(values.db, (store) => store.releases.publish(version, platform, to, files, new Date().toISOString()));
    process.stdout.write(`published ${version} (${platform}) as release ${id} to ${to.length ? to.join(', ') : 'all devices'}\n`);
    return 0;
  },
};
