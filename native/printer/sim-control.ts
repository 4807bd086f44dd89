import { lineProtocol, noArgs, oneOf, type ControlHandler } from '../control/lines.js';
import type { PrinterSimulator } from './simulator.js';

/** The printer simulator's control lines: paper, cover, online, status (and quit). Each answers the whole state. */
export function printerControl(sim: PrinterSimulator): ControlHandler {
  const state = (): string => {
    const s = sim.simState;
    return `paper=${s.paper} cover=${s.cover} online=${s.online ? 'on' : 'off'} ready=${sim.status.online ? 'yes' : 'no'} receipts=${sim.receipts.length}`;
  };
  return lineProtocol({
    paper: (args) => {
      sim.setState({ paper: oneOf(args, 'paper', ['ok', 'near-end', 'out'] as const) });
      return state();
    },
    cover: (args) => {
      sim.setState({ cover: oneOf(args, 'cover', ['open', 'closed'] as const) });
      return state();
    },
    online: (args) => {
      sim.setState({ online: oneOf(args, 'online', ['on', 'off'] as const) === 'on' });
      return state();
    },
    status: (args) => {
      noArgs(args, 'status');
      return state();
    },
  });
}
