import { SerialReaderDriver } from '../../../native/reader/serial-driver.js';
import { createLogger } from '../../log.js';
import { parseOptions, UsageError, type Command } from '../command.js';

export const readCardCommand: Command = {
  name: 'read-card',
  summary: 'wait for an e-KTP on a serial reader and print its biodata as JSON',
  usage: `anjungan read-card --reader serial:/dev/ttyUSB0 [--timeout SECONDS]

Prints the biodata as one JSON object on stdout; errors and progress go to stderr (English).`,
  async run(argv) {
    const { values } = parseOptions(argv, { reader: { type: 'string' }, timeout: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const spec = values.reader ?? '';
    if (!spec.startsWith('serial:')) throw new UsageError('--reader must be serial:/dev/ttyX');
    const seconds = Number(values.timeout ?? 30);
    if (!(seconds > 0)) throw new UsageError('--timeout must be a positive number of seconds');
    const log = createLogger('read-card');
    const driver = new SerialReaderDriver(spec.slice('serial:'.length), { log });
    const result = await new Promise<{ ok: true; json: string } | { ok: false; why: string }>((resolve) => {
      const timer = setTimeout(() => resolve({ ok: false, why: `no card read within ${seconds} s` }), seconds * 1000);
      driver.on('card-read', (card) => {
        clearTimeout(timer);
        resolve({ ok: true, json: JSON.stringify(card.biodata, null, 2) });
      });
      driver.on('error', (e) => {
        if (!e.recoverable && (e.code === 'card_removed' || e.code === 'biodata_invalid')) process.stderr.write(`read-card: ${e.message}\n`);
      });
      void driver.start();
    });
    await driver.stop();
    if (!result.ok) {
      process.stderr.write(`read-card: ${result.why}\n`);
      return 1;
    }
    process.stdout.write(`${result.json}\n`);
    return 0;
  },
};
