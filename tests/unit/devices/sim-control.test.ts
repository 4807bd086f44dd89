import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lineProtocol } from '../../../native/control/lines.js';
import { printerControl } from '../../../native/printer/sim-control.js';
import { PrinterSimulator } from '../../../native/printer/simulator.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { cardRef, readerControl } from '../../../native/reader/sim-control.js';
import { ReaderSimulator } from '../../../native/reader/simulator.js';
import { tempDir } from '../../helpers/tmp.js';

const nik = (i: number): string => DEFAULT_SIM_CARDS[i]!.biodata.nik;

describe('control line protocol', () => {
  const handle = lineProtocol({
    echo: (args) => args.join(' '),
    fail: () => {
      throw new Error('first\nsecond');
    },
  });

  it('answers ok/error on one line, ignores blank lines, knows quit', () => {
    expect(handle('   ')).toBeNull();
    expect(handle('  ECHO a   b ')).toEqual({ reply: 'ok a b', quit: false });
    expect(handle('fail')).toEqual({ reply: 'error: first; second', quit: false });
    expect(handle('nope')?.reply).toBe('error: unknown command "nope" (commands: echo, fail, quit)');
    expect(handle('quit now')).toEqual({ reply: 'error: quit takes no argument, got "now"', quit: false });
    expect(handle('quit')).toEqual({ reply: 'ok quit', quit: true });
    expect(handle('toString')?.reply).toMatch(/^error: unknown command/);
  });
});

describe('reader simulator control lines', () => {
  const sim = new ReaderSimulator('/nonexistent', DEFAULT_SIM_CARDS);
  const handle = readerControl(sim);
  const reply = (line: string): string | undefined => handle(line)?.reply;

  it('inserts by number or NIK, removes, sets faults, reports status', () => {
    expect(reply('status')).toBe('ok card=none muted=no next-fault=none cards=3');
    expect(reply('insert')).toBe('error: usage: insert N|NIK');
    expect(reply(`insert ${nik(2)}`)).toBe(`ok inserted ${nik(2)}`);
    expect(reply('insert 1')).toBe(`ok inserted ${nik(1)}`);
    expect(reply('fault mute')).toBe('ok fault mute');
    expect(reply('fault garbage')).toBe('ok fault garbage');
    expect(reply('status')).toBe(`ok card=${nik(1)} muted=yes next-fault=garbage cards=3`);
    expect(reply('remove')).toBe(`ok removed ${nik(1)}`);
    expect(reply('remove')).toBe('ok removed (no card was on the reader)');
  });

  it('names what a card reference may be', () => {
    expect(cardRef(DEFAULT_SIM_CARDS, '0')).toBe(0);
    expect(cardRef(DEFAULT_SIM_CARDS, nik(0))).toBe(nik(0));
    for (const bad of ['3', '-1', '1.5', 'x', '']) expect(() => cardRef(DEFAULT_SIM_CARDS, bad)).toThrow(/give a card number from 0 to 2/);
    expect(() => cardRef(DEFAULT_SIM_CARDS, '3604000000000000')).toThrow('no simulated card has NIK 3604000000000000');
  });
});

describe('printer simulator control lines', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('sets paper, cover and the offline switch; every answer is the whole state', () => {
    const sim = new PrinterSimulator(tmp.dir);
    const reply = (line: string): string | undefined => printerControl(sim)(line)?.reply;
    expect(reply('status')).toBe('ok paper=ok cover=closed online=on ready=yes receipts=0');
    expect(reply('paper near-end')).toBe('ok paper=near-end cover=closed online=on ready=yes receipts=0');
    expect(sim.status.paperNearEnd).toBe(true);
    expect(reply('online off')).toBe('ok paper=near-end cover=closed online=off ready=no receipts=0');
    expect(reply('cover shut')).toBe('error: cover must be open, closed; got "shut"');
    expect(reply('online')).toBe('error: usage: online on|off');
  });
});
