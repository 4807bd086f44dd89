import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createLogger } from '../../log.js';
import { openKioskFile } from '../../sync/kiosk-db.js';
import { ImportLineError, parseImportLine } from '../../sync/records.js';
import { parseOptions, UsageError, type Command } from '../command.js';

export const importCommand: Command = {
  name: 'import',
  summary: 'load submissions from JSONL into a kiosk store, as if captured there',
  usage: `anjungan import --db PATH --from FILE.jsonl

  --db PATH     the kiosk's SQLite file (created if missing)
  --from FILE   one JSON object a line: a string "id" (the client UUID), any other fields
                (kept exactly), optionally attachment {name, content_type, length, data_b64}

Each line is stored with its outbox row in one transaction; re-running is harmless.
Prints "imported N, already present M" on stdout.`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, from: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.from) throw new UsageError('--db and --from are required');
    const log = createLogger('import');
    const kiosk = openKioskFile(resolve(values.db));
    let imported = 0;
    let present = 0;
    let lineNo = 0;
    try {
      const rl = createInterface({ input: createReadStream(resolve(values.from)), crlfDelay: Infinity });
      const now = new Date().toISOString();
      for await (const line of rl) {
        lineNo++;
        if (line.trim() === '') continue;
        try {
          if (kiosk.sync.importRecord(parseImportLine(line, now))) imported++;
          else present++;
        } catch (err) {
          const msg = err instanceof Error ? err.message : String(err);
          throw new Error(`line ${lineNo}: ${msg}${err instanceof ImportLineError ? '' : ''}`);
        }
      }
    } finally {
      kiosk.close();
    }
    log.info('import done', { imported, present });
    process.stdout.write(`imported ${imported}, already present ${present}\n`);
    return 0;
  },
};
