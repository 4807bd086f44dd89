import { readFileSync } from 'node:fs';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { cardRef, readerControl } from '../../../native/reader/sim-control.js';
import { parseCardsFile, READER_FAULTS, ReaderSimulator, type SimCard } from '../../../native/reader/simulator.js';
import { createLogger } from '../../log.js';
import { parseOptions, parseSocketPath, UsageError, type Command } from '../command.js';
import { runSimService } from '../sim-service.js';

export const simReaderCommand: Command = {
  name: 'sim reader',
  summary: 'e-KTP reader simulator on one end of a pty pair (scripted cards and faults)',
  usage: `anjungan sim reader --port PATH [--cards FILE] [--insert N|NIK] [--control SOCKET]

  --port PATH       the simulator's end of a socat pty pair (e.g. /dev/pts/5 or a socat link)
  --cards FILE      JSON: [{"uid": "04A1...", "biodata": {...}}] (default: three made-up residents)
  --insert N|NIK    put card N (0-based) or the card with that NIK on the reader at start
  --control SOCKET  also take control lines on this Unix socket (mode 0600), one answer a line

Runs until SIGTERM, SIGINT or "quit", with or without a terminal (stdin may be /dev/null).
Control lines, on stdin and on the control socket (answers "ok ..." or "error: ..."):
  insert N | insert NIK    put card N (0-based) or the card with that NIK on the reader
  remove                   take the card off
  fault KIND               ${READER_FAULTS.join(', ')}
  status                   the card on the reader and the faults in force
  quit                     stop the simulator
e.g. echo "insert 1" | socat - UNIX-CONNECT:/run/anjungan/sim-reader.sock`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      port: { type: 'string' },
      cards: { type: 'string' },
      insert: { type: 'string' },
      control: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.port) throw new UsageError('--port is required');
    const cards = values.cards === undefined ? DEFAULT_SIM_CARDS : loadCards(values.cards);
    let first: number | string | null = null;
    if (values.insert !== undefined) {
      try {
        first = cardRef(cards, values.insert);
      } catch (err) {
        throw new UsageError(`--insert: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    const control = parseSocketPath(values.control);
    const log = createLogger('sim-reader');
    const sim = new ReaderSimulator(values.port, cards, { log });
    await sim.start();
    const inserted = first === null ? '' : `, card ${sim.insert(first).biodata.nik} on the reader`;
    await runSimService({
      handler: readerControl(sim),
      control,
      log,
      ready: `sim reader ready on ${values.port} with ${cards.length} cards${inserted}`,
      shutdown: () => sim.stop(),
    });
    return 0;
  },
};

function loadCards(file: string): SimCard[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--cards: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  let cards: SimCard[];
  try {
    cards = parseCardsFile(json);
  } catch (err) {
    throw new UsageError(`--cards: ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (cards.length === 0) throw new UsageError(`--cards: ${file} holds no cards`);
  return cards;
}
