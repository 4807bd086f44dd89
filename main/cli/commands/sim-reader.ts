import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { parseCardsFile, READER_FAULTS, ReaderSimulator, type ReaderFault } from '../../../native/reader/simulator.js';
import { createLogger } from '../../log.js';
import { parseOptions, UsageError, type Command } from '../command.js';

export const simReaderCommand: Command = {
  name: 'sim reader',
  summary: 'e-KTP reader simulator on one end of a pty pair (scripted cards and faults)',
  usage: `anjungan sim reader --port PATH [--cards FILE]

  --port PATH   the simulator's end of a socat pty pair (e.g. /dev/pts/5 or a socat link)
  --cards FILE  JSON: [{"uid": "04A1...", "biodata": {...}}] (default: three made-up residents)

Control lines on stdin (one per line):
  insert N | insert NIK    put card N (0-based) or the card with that NIK on the reader
  remove                   take the card off
  fault KIND               ${READER_FAULTS.join(', ')}
  quit`,
  async run(argv) {
    const { values } = parseOptions(argv, { port: { type: 'string' }, cards: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.port) throw new UsageError('--port is required');
    const cards = values.cards ? parseCardsFile(JSON.parse(readFileSync(values.cards, 'utf8'))) : DEFAULT_SIM_CARDS;
    const sim = new ReaderSimulator(values.port, cards, { log: createLogger('sim-reader') });
    await sim.start();
    process.stdout.write(`sim reader ready on ${values.port} with ${cards.length} cards\n`);
    const rl = createInterface({ input: process.stdin });
    await new Promise<void>((done) => {
      rl.on('line', (line) => {
        const [op, arg] = line.trim().split(/\s+/);
        try {
          if (op === 'insert') process.stdout.write(`inserted ${sim.insert(/^\d{16}$/.test(arg ?? '') ? arg! : Number(arg ?? 0)).biodata.nik}\n`);
          else if (op === 'remove') sim.remove();
          else if (op === 'fault' && READER_FAULTS.includes(arg as ReaderFault)) sim.fault(arg as ReaderFault);
          else if (op === 'quit') rl.close();
          else if (op) process.stdout.write(`unknown: ${line}\n`);
        } catch (err) {
          process.stdout.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        }
      });
      rl.on('close', done);
      process.once('SIGTERM', () => rl.close());
      process.once('SIGINT', () => rl.close());
    });
    process.stdin.destroy(); // 'quit' must end the process even while stdin stays open
    await sim.stop();
    return 0;
  },
};
