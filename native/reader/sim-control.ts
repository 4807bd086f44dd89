import { lineProtocol, noArgs, oneArg, oneOf, type ControlHandler } from '../control/lines.js';
import { READER_FAULTS, type ReaderSimulator, type SimCard } from './simulator.js';

/**
 * Which card `ref` names: a 16-digit NIK of one of the cards, or an index into them. Throws an
 * English message naming what is allowed (used by `insert` lines and by `--insert`).
 */
export function cardRef(cards: readonly SimCard[], ref: string): number | string {
  if (/^\d{16}$/.test(ref)) {
    if (cards.some((c) => c.biodata.nik === ref)) return ref;
    throw new Error(`no simulated card has NIK ${ref}`);
  }
  const n = /^\d{1,6}$/.test(ref) ? Number(ref) : NaN;
  if (n < cards.length) return n;
  throw new Error(`no simulated card "${ref}": give a card number from 0 to ${cards.length - 1} or the 16-digit NIK of one`);
}

/** The reader simulator's control lines: insert N|NIK, remove, fault KIND, status (and quit). */
export function readerControl(sim: ReaderSimulator): ControlHandler {
  return lineProtocol({
    insert: (args) => `inserted ${sim.insert(cardRef(sim.cards, oneArg(args, 'insert N|NIK'))).biodata.nik}`,
    remove: (args) => {
      noArgs(args, 'remove');
      const card = sim.cardPresent;
      sim.remove();
      return card ? `removed ${card.biodata.nik}` : 'removed (no card was on the reader)';
    },
    fault: (args) => {
      const kind = oneOf(args, 'fault', READER_FAULTS);
      sim.fault(kind);
      return `fault ${kind}`;
    },
    status: (args) => {
      noArgs(args, 'status');
      const { muted, next } = sim.faults;
      return `card=${sim.cardPresent?.biodata.nik ?? 'none'} muted=${muted ? 'yes' : 'no'} next-fault=${next ?? 'none'} cards=${sim.cards.length}`;
    },
  });
}

