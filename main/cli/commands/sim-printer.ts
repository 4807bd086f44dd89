import { resolve } from 'node:path';
import { printerControl } from '../../../native/printer/sim-control.js';
import { PrinterSimulator, type SimPrinterState } from '../../../native/printer/simulator.js';
import { createLogger } from '../../log.js';
import { parseOptions, parsePort, parseSocketPath, UsageError, type Command } from '../command.js';
import { runSimService } from '../sim-service.js';

const START_STATES: Record<string, Partial<SimPrinterState>> = {
  'paper-out': { paper: 'out' },
  'cover-open': { cover: 'open' },
  offline: { online: false },
};

export const simPrinterCommand: Command = {
  name: 'sim printer',
  summary: 'ESC/POS receipt printer simulator (TCP and/or serial), renders receipts to text + PNG',
  usage: `anjungan sim printer [--tcp PORT] [--serial PATH] [--out DIR] [--paper 58|80] [--state paper-out|cover-open|offline] [--control SOCKET]

  --tcp PORT        listen on 127.0.0.1:PORT (0 picks a free port; printed on stdout)
  --serial PATH     the simulator's end of a socat pty pair
  --out DIR         where receipt-NNNN.txt/.png go (default ./sim-printer)
  --paper 58|80     paper width in mm (32 or 48 columns; default 80)
  --state S         start in that state (DLE EOT answers accordingly)
  --control SOCKET  take control lines on this Unix socket (mode 0600), one answer a line

Runs until SIGTERM, SIGINT or "quit", with or without a terminal (stdin may be /dev/null).
Control lines, on stdin and on the control socket (each answers "ok" and the whole state, or "error: ..."):
  paper ok|near-end|out    the paper sensor
  cover open|closed        the cover
  online on|off            the printer's own offline switch
  status                   the state, whether it would print, receipts printed
  quit                     stop the simulator
e.g. echo "paper out" | socat - UNIX-CONNECT:/run/anjungan/sim-printer.sock`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      tcp: { type: 'string' },
      serial: { type: 'string' },
      out: { type: 'string' },
      paper: { type: 'string' },
      state: { type: 'string' },
      control: { type: 'string' },
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    // Every option is checked before anything is opened or created.
    if (values.tcp === undefined && !values.serial) throw new UsageError('give --tcp PORT and/or --serial PATH');
    const tcpPort = values.tcp === undefined ? undefined : parsePort(values.tcp, 9100, '--tcp');
    if (values.paper && values.paper !== '58' && values.paper !== '80') throw new UsageError('--paper must be 58 or 80');
    if (values.state !== undefined && !Object.hasOwn(START_STATES, values.state)) throw new UsageError('--state must be paper-out, cover-open or offline');
    const control = parseSocketPath(values.control);
    const log = createLogger('sim-printer');
    const sim = new PrinterSimulator(resolve(values.out ?? 'sim-printer'), values.paper === '58' ? 32 : 48, { log });
    if (values.state !== undefined) sim.setState(START_STATES[values.state]!);
    try {
      if (tcpPort !== undefined) process.stdout.write(`sim printer on tcp://127.0.0.1:${await sim.listenTcp(tcpPort)}\n`);
      if (values.serial) {
        await sim.attachSerial(values.serial);
        process.stdout.write(`sim printer on serial:${values.serial}\n`);
      }
    } catch (err) {
      await sim.close();
      throw err;
    }
    sim.on('receipt', (r) => process.stdout.write(`receipt ${r.index}: ${r.pngPath}\n`));
    await runSimService({ handler: printerControl(sim), control, log, ready: 'sim printer ready', shutdown: () => sim.close() });
    return 0;
  },
};
