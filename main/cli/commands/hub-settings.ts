import { readFileSync } from 'node:fs';
import { SettingsPublishError } from '../../hub/settings/index.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { DB_HELP, withHubStore } from './hub-common.js';

/** Bounded like the document the devices fetch. */
const MAX_FILE_BYTES = 64 * 1024;

export const hubSettingsCommand: Command = {
  name: 'hub settings',
  summary: 'publish settings for an office or a device (devices adopt them on their next sync), or list them',
  usage: `anjungan hub settings publish [--db TARGET] (--office CODE | --device ID) FILE.json [--json]
anjungan hub settings list [--db TARGET] [--json]

  ${DB_HELP}
  --office CODE  every device of this desa office (36.04.05.2001)
  --device ID    one device; its document applies on top of its office's
  --json         one JSON object: the published document (publish) or every document (list)

FILE.json: {"settings": {...}, "counters": [...], "runningText": "..."}, each part optional
but at least one given. settings: idleTimeoutSeconds, idleCountdownSeconds, deskLockMinutes,
language, displayWindow and the letters' kop and signatory (not role, not officeCode: those stay
the device's own). counters: the whole list of loket, [{number, name, groups, active}].
Each publish is the next version for that office or device; prints
"published settings vN for office CODE" (or "for device ID").`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { db: { type: 'string' }, office: { type: 'string' }, device: { type: 'string' }, json: { type: 'boolean' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const [action, ...files] = positionals;
    if (action === 'list') {
      if (files.length > 0 || values.office || values.device) throw new UsageError('list takes only --db and --json');
      const rows = await withHubStore(values.db, (store) => store.settings.list());
      if (values.json) process.stdout.write(`${JSON.stringify({ documents: rows.map((r) => JSON.parse(r.document) as unknown) })}\n`);
      else if (rows.length === 0) process.stderr.write('no settings published\n');
      else for (const r of rows) process.stdout.write(`${r.scope.padEnd(7)} ${r.target.padEnd(38)} v${r.version}  ${r.published_at}\n`);
      return 0;
    }
    if (action !== 'publish') throw new UsageError(action ? `unknown action "${action}" (publish or list)` : 'name an action: publish or list');
    if (!values.office === !values.device) throw new UsageError('give exactly one of --office CODE and --device ID');
    if (files.length !== 1) throw new UsageError('name one settings file (JSON)');
    const file = files[0]!;
    let body: unknown;
    try {
      const text = readFileSync(file);
      if (text.length > MAX_FILE_BYTES) throw new UsageError(`${file} is larger than ${MAX_FILE_BYTES / 1024} KiB`);
      body = JSON.parse(text.toString('utf8'));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      throw new UsageError(`cannot read ${file} as JSON: ${(err as Error).message}`);
    }
    const scope = values.office ? 'office' : 'device';
    const target = (values.office ?? values.device)!;
    try {
      const doc = await withHubStore(values.db, (store) => store.settings.publish(scope, target, body, new Date().toISOString()));
      process.stdout.write(values.json ? `${JSON.stringify(doc)}\n` : `published settings v${doc.version} for ${scope} ${target}\n`);
      return 0;
    } catch (err) {
      if (!(err instanceof SettingsPublishError)) throw err;
      process.stderr.write(`anjungan hub settings: ${err.message}\n`);
      return 1;
    }
  },
};
