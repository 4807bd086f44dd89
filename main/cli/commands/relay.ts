import { resolve } from 'node:path';
import { createLogger } from '../../log.js';
import { startRelay } from '../../relay/server.js';
import { relayUsbImport } from '../../relay/usb-import.js';
import { parseOptions, parsePort, UsageError, type Command } from '../command.js';

export const relayServeCommand: Command = {
  name: 'relay serve',
  summary: 'run a kecamatan relay: kiosks sync to it, it holds their batches and forwards them to the hub',
  usage: `anjungan relay serve --port P --db FILE --upstream URL [--host H] [--enrolment-code CODE]

  --port P               port (0 picks a free one)
  --db FILE              the relay's own SQLite file (created if missing)
  --upstream URL         the hub, or the next relay up (relays chain)
  --host H               address to bind (default 127.0.0.1)
  --enrolment-code CODE  a one-time code from \`anjungan hub enrol\`, for the relay's own
                         first contact with a hub that wants codes ($ANJUNGAN_ENROLMENT_CODE)

Kiosks use the relay's URL as their upstream. A batch is kept durably before the kiosk is
answered ("di kecamatan"); the hub's signed ack goes back down when it comes ("diterima
kabupaten"). Prints "Relay: URL" on stdout once listening; stops on Ctrl+C or SIGTERM.`,
  async run(argv) {
    const { values } = parseOptions(argv, { port: { type: 'string' }, db: { type: 'string' }, upstream: { type: 'string' }, host: { type: 'string' }, 'enrolment-code': { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.upstream || values.port === undefined) throw new UsageError('--port, --db and --upstream are required');
    try {
      new URL(values.upstream);
    } catch {
      throw new UsageError(`--upstream must be a URL, got "${values.upstream}"`);
    }
    const relay = await startRelay({
      db: resolve(values.db),
      upstream: values.upstream,
      port: parsePort(values.port, 4791),
      host: values.host ?? '127.0.0.1',
      log: createLogger('relay'),
      enrolmentCode: values['enrolment-code'] ?? process.env['ANJUNGAN_ENROLMENT_CODE'] ?? null,
    });
    process.stdout.write(`Relay: ${relay.url}\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await relay.close();
    return 0;
  },
};

export const relayUsbImportCommand: Command = {
  name: 'relay usb-import',
  summary: 'at a relay: take every device\'s batches from a USB stick to forward, write back what it can',
  usage: `anjungan relay usb-import --db RELAY --from DIR

  --db RELAY   the relay's SQLite file (the one \`anjungan relay serve --db\` uses)
  --from DIR   the stick's mount point

Not available yet: a stick's batches are sealed to the hub's key, so the relay cannot hold
them as batches; carrying the sealed files up needs a hub route that does not exist yet.
Prints {"devices":0,"batches":0,"errors":[...]} saying to take the stick to the hub
(anjungan hub usb-import) and exits 1.`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, from: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.from) throw new UsageError('--db and --from are required');
    const r = relayUsbImport(resolve(values.db), resolve(values.from));
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return r.errors.length ? 1 : 0;
  },
};
