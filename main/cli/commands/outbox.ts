import { resolve } from 'node:path';
import { openKioskFile } from '../../sync/kiosk-db.js';
import { parseOptions, UsageError, type Command } from '../command.js';

export const outboxCommand: Command = {
  name: 'outbox',
  summary: 'the kiosk outbox by state: pending, at the relay, delivered to the hub, parked',
  usage: `anjungan outbox --db KIOSK.sqlite [--json]

  --db PATH   the kiosk's SQLite file
  --json      one JSON object: {"pending":N,"atRelay":N,"delivered":N,"parked":N}

pending: not yet held anywhere else; atRelay: held durably by a kecamatan relay ("di
kecamatan"), waiting for the hub's ack; delivered: the hub's signed ack came back
("diterima kabupaten"); parked: refused by the hub, with its reason (anjungan sync shows it).`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, json: { type: 'boolean' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db) throw new UsageError('--db is required');
    const k = openKioskFile(resolve(values.db));
    try {
      const c = k.sync.counts();
      const counts = { pending: c.pending, atRelay: c.atRelay, delivered: c.delivered, parked: c.parked };
      if (values.json) process.stdout.write(`${JSON.stringify(counts)}\n`);
      else {
        const rows: [string, number][] = [['pending', counts.pending], ['at relay', counts.atRelay], ['delivered', counts.delivered], ['parked', counts.parked]];
        process.stdout.write(`${rows.map(([k2, n]) => `${k2.padEnd(10)} ${String(n).padStart(8)}`).join('\n')}\n`);
      }
      return 0;
    } finally {
      k.close();
    }
  },
};
