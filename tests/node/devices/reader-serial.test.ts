import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SerialReaderDriver } from '../../../native/reader/serial-driver.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { ReaderSimulator } from '../../../native/reader/simulator.js';
import type { CardRead, ReaderError } from '../../../native/reader/driver.js';
import { nextEvent, ptyPair, record, testLog } from './helpers.js';

// Short timeouts keep the suite fast; the protocol defaults (PROTOCOL.md) are longer.
const timings = { response: 150, read: 600, interByte: 80, heartbeat: 100, missedBeats: 3, backoffMin: 50, backoffMax: 400, readRetries: 2 };

describe('e-KTP serial driver against the simulator on a socat pty pair', () => {
  let line: Awaited<ReturnType<typeof ptyPair>>;
  let sim: ReaderSimulator;
  let driver: SerialReaderDriver;

  beforeEach(async () => {
    line = await ptyPair();
    sim = new ReaderSimulator(line.b, DEFAULT_SIM_CARDS, { log: testLog, readDelayMs: 10 });
    await sim.start();
    driver = new SerialReaderDriver(line.a, { log: testLog, timings });
    const connected = nextEvent(driver, 'connected');
    await driver.start();
    await connected;
  });

  afterEach(async () => {
    await driver?.stop();
    await sim?.stop();
    await line?.cleanup();
  });

  it('reads a card: card-present, then the biodata', async () => {
    const present = nextEvent(driver, 'card-present');
    const read = nextEvent(driver, 'card-read');
    sim.insert(0);
    expect((await present)[0].uid).toBe(DEFAULT_SIM_CARDS[0]!.uid);
    const [card] = await read;
    expect(card.source).toBe('serial');
    expect(card.biodata).toEqual(DEFAULT_SIM_CARDS[0]!.biodata);
    const removed = nextEvent(driver, 'card-removed');
    sim.remove();
    await removed;
    expect(driver.state).toBe('connected');
  });

  it('card removed mid-read: reports card_removed, then card-removed, and reads the next card', async () => {
    const events = record(driver);
    sim.fault('remove-mid-read');
    const err = nextEvent(driver, 'error', (e) => e.code === 'card_removed');
    const removed = nextEvent(driver, 'card-removed');
    sim.insert(1);
    expect((await err)[0].recoverable).toBe(false);
    await removed;
    expect(events.some((e) => e.name === 'card-read')).toBe(false);
    const read = nextEvent(driver, 'card-read');
    sim.insert(1);
    expect((await read)[0].biodata.nik).toBe(DEFAULT_SIM_CARDS[1]!.biodata.nik);
  });

  it('garbage bytes before the answer: resynchronises and reads the card', async () => {
    sim.fault('garbage');
    const noise = nextEvent(driver, 'error', (e) => e.code === 'line_noise');
    const read = nextEvent(driver, 'card-read');
    sim.insert(2);
    await noise;
    expect((await read)[0].biodata).toEqual(DEFAULT_SIM_CARDS[2]!.biodata);
  });

  it('a bad checksum: discards the frame, re-reads at once, delivers the right biodata', async () => {
    const events = record(driver);
    sim.fault('bad-checksum');
    const read = nextEvent(driver, 'card-read');
    sim.insert(0);
    expect((await read)[0].biodata).toEqual(DEFAULT_SIM_CARDS[0]!.biodata);
    const errors = events.filter((e) => e.name === 'error').map((e) => (e.args[0] as ReaderError).code);
    expect(errors).toContain('bad_checksum');
    expect(events.filter((e) => e.name === 'card-read')).toHaveLength(1);
  });

  it('half a frame then silence: times the read out, drops the partial, retries and reads', async () => {
    sim.fault('half-frame');
    const timeout = nextEvent(driver, 'error', (e) => e.code === 'read_timeout');
    const read = nextEvent(driver, 'card-read');
    sim.insert(1);
    expect((await timeout)[0].recoverable).toBe(true);
    expect((await read)[0].biodata.nik).toBe(DEFAULT_SIM_CARDS[1]!.biodata.nik);
  });

  it('a reader that stops answering: not_responding, then connected again when it answers', async () => {
    const down = nextEvent(driver, 'error', (e) => e.code === 'reader_not_responding');
    sim.fault('mute');
    await down;
    expect(driver.state).toBe('not_responding');
    const up = nextEvent(driver, 'state', (s) => s === 'connected');
    sim.fault('unmute');
    await up;
    const read = nextEvent(driver, 'card-read');
    sim.insert(0);
    expect((await read)[0].biodata.nik).toBe(DEFAULT_SIM_CARDS[0]!.biodata.nik);
  });

  it('the port disappears (socat killed) and comes back: disconnected, then recovers by itself', async () => {
    const gone = nextEvent(driver, 'disconnected');
    await line.pty.stop();
    await gone;
    expect(driver.state).toBe('disconnected');
    const back = nextEvent(driver, 'connected');
    await line.pty.start();
    await back;
    const read = nextEvent(driver, 'card-read');
    sim.insert(2);
    const [card]: [CardRead] = await read;
    expect(card.biodata.nik).toBe(DEFAULT_SIM_CARDS[2]!.biodata.nik);
  });
});
