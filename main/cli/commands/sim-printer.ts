import { resolve } from 'node:path';
import { PrinterSimulator } from '../../../native/printer/simulator.js';
import { createLogger } from '../../log.js';
import { parseOptions, parsePort, UsageError, type Command } from '../command.js';

export const simPrinterCommand: Command = {
  name: 'sim printer',
  summary: 'ESC/POS receipt printer simulator (TCP and/or serial), renders receipts to text + PNG',
  usage: `anjungan sim printer [--tcp PORT] [--serial PATH] [--out DIR] [--paper 58|80] [--state paper-out|cover-open|offline]

  --tcp PORT     listen on 127.0.0.1:PORT (0 picks a free port; printed on stdout)
  --serial PATH  the simulator's end of a socat pty pair
  --out DIR      where receipt-NNNN.txt/.png go (default ./sim-printer)
  --state S      start in that state (DLE EOT answers accordingly)`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      tcp: { type: 'string' },
      serial: { type: 'string' },
      out: { type: 'string' },
      paper: { type: 'string' },
      state: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (values.tcp === undefined && !values.serial) throw new UsageError('give --tcp PORT and/or --serial PATH');
    if (values.paper && values.paper !== '58' && values.paper !== '80') throw new UsageError('--paper must be 58 or 80');
    const sim = new PrinterSimulator(resolve(values.out ?? 'sim-printer'), values.paper === '58' ? 32 : 48, { log: createLogger('sim-printer') });
    if (values.state === 'paper-out') sim.setState({ paper: 'out' });
    else if (values.state === 'cover-open') sim.setState({ cover: 'open' });
    else if (values.state === 'offline') sim.setState({ online: false });
    else if (values.state) throw new UsageError('--state must be paper-out, cover-open or offline');
    if (values.tcp !== undefined) process.stdout.write(`sim printer on tcp://127.0.0.1:${await sim.listenTcp(parsePort(values.tcp, 9100))}\n`);
    if (values.serial) {
      await sim.attachSerial(values.serial);
      process.stdout.write(`sim printer on serial:${values.serial}\n`);
    }
    sim.on('receipt', (r) => process.stdout.write(`receipt ${r.index}: ${r.pngPath}\n`));
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await sim.close();
    return 0;
  },
};
