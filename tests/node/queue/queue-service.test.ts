import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWav, wavFile } from '../../../main/core/queue/call-audio.js';
import type { Core } from '../../../main/core/core.js';
import type { EventPayload } from '../../../shared/api/contract.js';
import { testRequest, TEST_APPLICANT } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { caller, queueCore, START_MS } from './queue-helpers.js';

describe('queue service on a real store', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  const clock = { ms: START_MS };
  const later = (seconds: number): void => {
    clock.ms += seconds * 1000;
  };
  beforeEach(async () => {
    tmp = tempDir();
    clock.ms = START_MS;
    core = await queueCore(tmp.dir, clock);
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('takes tickets per group and day, serves priority lanes first, and walks issued → called → serving → done with events, history and audit', async () => {
    const kiosk = caller(core, 'kiosk');
    const op = caller(core, 'operator', 'siti');
    const display = caller(core, 'display');
    const called: EventPayload<'queue:called'>[] = [];
    const changed: EventPayload<'queue:changed'>[] = [];
    core.events.on('queue:called', (c) => called.push(c));
    core.events.on('queue:changed', (c) => changed.push(c));

    const a = await kiosk.ok('queue:take', { group: 'general' });
    expect(a.ticket).toMatchObject({ label: 'U-001', group: 'U', lane: 'none', state: 'issued', source: 'kiosk', submissionId: null, day: '2026-11-23' });
    expect(a.ahead).toBe(0);
    expect(a.printJob).toMatchObject({ ticketId: a.ticket.id, submissionId: null, state: 'queued' });
    later(30);
    const b = await kiosk.ok('queue:take', { group: 'general', lane: 'lansia' });
    expect(b.ticket.label).toBe('U-002');
    expect(b.ahead).toBe(0); // the priority lane goes before U-001
    const desk = await op.ok('queue:take', { group: 'A', print: false });
    expect(desk.ticket).toMatchObject({ label: 'A-001', source: 'desk' });
    expect(desk.printJob).toBeNull();

    let board = await display.ok('queue:board', {});
    expect(board.waiting.find((w) => w.group === 'U')).toMatchObject({ waiting: 2, priority: 1, label: 'Umum' });
    expect(board.counters).toEqual([expect.objectContaining({ number: 1, name: 'Loket 1', current: null })]);

    later(120);
    const first = await op.ok('queue:next', { counter: 1 });
    expect(first.ticket?.label).toBe('U-002');
    expect(first.call).toMatchObject({ label: 'U-002', counter: 1, spokenText: 'Nomor antrean U dua, silakan ke loket satu', displayText: 'Nomor antrean U-002, silakan ke Loket 1', recall: false });
    expect(called).toEqual([first.call]);
    expect(changed.at(-1)?.reason).toBe('called');
    expect(changed.at(-1)?.board.counters[0]?.current).toMatchObject({ label: 'U-002', state: 'called' });
    // A second "next" while one is called is refused: nothing is lost or skipped.
    expect(await op.call('queue:next', { counter: 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await op.call('queue:finish', { counter: 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const recall = await op.ok('queue:recall', { counter: 1, ticketId: b.ticket.id });
    expect(recall.call?.recall).toBe(true);
    expect(recall.ticket.calls).toBe(2);
    later(60);
    const started = await op.ok('queue:start', { counter: 1 });
    expect(started.ticket).toMatchObject({ state: 'serving', servingAt: new Date(clock.ms).toISOString() });
    expect(await op.call('queue:no-show', { counter: 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    later(300);
    const done = await op.ok('queue:finish', { counter: 1, ticketId: b.ticket.id });
    expect(done.ticket).toMatchObject({ state: 'done', endedAt: new Date(clock.ms).toISOString() });
    expect((await op.ok('queue:mine', { counter: 1 })).ticket).toBeNull();

    board = await display.ok('queue:board', {});
    expect(board.lastCalls.map((c) => [c.label, c.recall])).toEqual([['U-002', true], ['U-002', false]]);
    expect(board.waiting.find((w) => w.group === 'U')).toMatchObject({ waiting: 1, priority: 0 });
    expect(JSON.stringify(board)).not.toContain(TEST_APPLICANT.nama);

    const audit = core.services.store.audit.recent(50).filter((e) => e.action.startsWith('queue.'));
    expect(audit.map((e) => e.action).sort()).toEqual(['queue.call', 'queue.finish', 'queue.recall', 'queue.start', 'queue.take', 'queue.take', 'queue.take'].sort());
    expect(audit.find((e) => e.action === 'queue.finish')?.actor).toBe('operator:siti');
    expect(core.services.store.queue.moves(b.ticket.id).map((m) => m.move)).toEqual(['issue', 'call', 'recall', 'start', 'finish']);
  });

  it('no-show ends a called ticket; a transfer to a counter waits only for that counter, at the front; to a group, in that group', async () => {
    const admin = caller(core, 'admin');
    const op = caller(core, 'operator');
    await admin.ok('queue:counters:set', {
      counters: [
        { number: 1, name: 'Loket 1', groups: ['U', 'A'], active: true },
        { number: 2, name: 'Loket Desa', groups: ['B'], active: true },
      ],
    });
    const t1 = await op.ok('queue:take', { group: 'U', print: false });
    const t2 = await op.ok('queue:take', { group: 'U', print: false });
    const t3 = await op.ok('queue:take', { group: 'B', print: false });
    expect((await op.ok('queue:next', { counter: 1 })).ticket?.id).toBe(t1.ticket.id);
    const ns = await op.ok('queue:no-show', { counter: 1 });
    expect(ns.ticket).toMatchObject({ state: 'no_show' });
    expect(await op.call('queue:start', { counter: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    expect((await op.ok('queue:next', { counter: 1 })).ticket?.id).toBe(t2.ticket.id);
    await op.ok('queue:start', { counter: 1 });
    const moved = await op.ok('queue:transfer', { counter: 1, to: { counter: 2 } });
    expect(moved.ticket).toMatchObject({ state: 'transferred', targetCounter: 2, transfers: 1 });
    // Counter 2 serves B, yet the ticket sent to it comes before B-001; counter 1 no longer sees it.
    expect((await op.ok('queue:waiting', { counter: 1 })).total).toBe(0);
    const next2 = await op.ok('queue:next', { counter: 2 });
    expect(next2.ticket?.id).toBe(t2.ticket.id);
    expect(next2.call?.spokenText).toBe('Nomor antrean U dua, silakan ke loket dua');
    expect(next2.call?.displayText).toBe('Nomor antrean U-002, silakan ke Loket Desa');
    const toGroup = await op.ok('queue:transfer', { counter: 2, to: { group: 'A' } });
    expect(toGroup.ticket).toMatchObject({ state: 'transferred', queueGroup: 'A', group: 'U', label: 'U-002', targetCounter: null, transfers: 2 });
    expect((await op.ok('queue:waiting', { group: 'A' })).items.map((t) => t.label)).toEqual(['U-002']);
    expect((await op.ok('queue:next', { counter: 2 })).ticket?.id).toBe(t3.ticket.id);
    expect((await op.ok('queue:next', { counter: 1 })).ticket?.label).toBe('U-002');
    expect(await op.call('queue:transfer', { counter: 1, to: { counter: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await op.call('queue:transfer', { counter: 1, to: { counter: 9 } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(core.services.store.queue.moves(t2.ticket.id).map((m) => m.move)).toEqual(['issue', 'call', 'start', 'transfer', 'call', 'transfer', 'call']);
    const cancel = await op.ok('queue:cancel', { ticketId: t2.ticket.id });
    expect(cancel.ticket.state).toBe('cancelled');
    expect(await op.call('queue:cancel', { ticketId: t2.ticket.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a request gets its ticket with the receipt\'s number, from the same series as tickets taken alone', async () => {
    const kiosk = caller(core, 'kiosk');
    const op = caller(core, 'operator');
    const t = await kiosk.ok('queue:take', { group: 'B', print: false });
    const receipt = await kiosk.ok('kiosk:submit', testRequest('sktm'));
    expect(t.ticket.label).toBe('B-001');
    expect(receipt.queueNo).toBe('B-002');
    const list = await op.ok('queue:waiting', { group: 'B' });
    expect(list.items.map((x) => [x.label, x.submissionId])).toEqual([['B-001', null], ['B-002', receipt.submissionId]]);
  });

  it('keeps tickets, calls and the number series across a restart', async () => {
    const op = caller(core, 'operator');
    await op.ok('queue:take', { group: 'U', print: false });
    await op.ok('queue:take', { group: 'U', print: false });
    const call = await op.ok('queue:next', { counter: 1 });
    await core.close();
    core = await queueCore(tmp.dir, clock);
    const op2 = caller(core, 'operator');
    const mine = await op2.ok('queue:mine', { counter: 1 });
    expect(mine.ticket).toMatchObject({ label: 'U-001', state: 'called' });
    const board = await caller(core, 'display').ok('queue:board', {});
    expect(board.lastCalls[0]).toMatchObject({ id: call.call!.id, label: 'U-001', spokenText: call.call!.spokenText });
    expect(board.waiting.find((w) => w.group === 'U')?.waiting).toBe(1);
    expect((await op2.ok('queue:take', { group: 'U', print: false })).ticket.label).toBe('U-003');
  });

  it('starts numbers again on the next office day (WIB) and closes what the last day left open', async () => {
    const op = caller(core, 'operator');
    const served = await op.ok('queue:take', { group: 'U', print: false });
    const left = await op.ok('queue:take', { group: 'U', print: false });
    await op.ok('queue:next', { counter: 1 }); // U-001
    await op.ok('queue:start', { counter: 1 });
    // 23:59 WIB is still the same day; 00:00 WIB (17:00 UTC) is the next.
    clock.ms = Date.parse('2026-11-23T16:59:00Z');
    expect((await op.ok('queue:take', { group: 'U', print: false })).ticket.label).toBe('U-003');
    clock.ms = Date.parse('2026-11-23T17:00:00Z');
    const fresh = await op.ok('queue:take', { group: 'U', print: false });
    expect(fresh.ticket).toMatchObject({ label: 'U-001', day: '2026-11-24' });
    const q = core.services.store.queue;
    expect(q.get(served.ticket.id)?.state).toBe('done'); // it was being served: finished by the system
    expect(q.get(left.ticket.id)?.state).toBe('cancelled');
    expect(q.moves(left.ticket.id).at(-1)).toMatchObject({ move: 'cancel', actor: 'system' });
    const board = await caller(core, 'display').ok('queue:board', {});
    expect(board.day).toBe('2026-11-24');
    expect(board.lastCalls).toEqual([]);
    expect(board.waiting.find((w) => w.group === 'U')?.waiting).toBe(1);
  });

  it('refuses bad input with a clear error and keeps what is stored', async () => {
    const admin = caller(core, 'admin');
    const op = caller(core, 'operator');
    await admin.ok('queue:running-text:set', { text: 'Selamat datang di Kantor Desa' });
    expect(await admin.call('queue:running-text:set', { text: 'x'.repeat(301) })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await admin.call('queue:counters:set', { counters: [{ number: 1, name: 'A', groups: ['Z'], active: true }] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(
      await admin.call('queue:counters:set', {
        counters: [
          { number: 1, name: 'A', groups: ['A'], active: true },
          { number: 1, name: 'B', groups: ['B'], active: true },
        ],
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await admin.call('queue:counters:set', { counters: Array.from({ length: 21 }, (_, i) => ({ number: i + 1, name: 'L', groups: ['A'], active: true })) })).toMatchObject({ ok: false });
    expect(await op.call('queue:take', { group: 'Z' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await op.call('queue:take', { group: 'general', lane: 'vip' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await op.call('queue:next', { counter: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await op.call('queue:next', { counter: 3 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // An operator may not set counters; the board still shows the admin's text and the default counter.
    expect(await op.call('queue:counters:set', { counters: [{ number: 1, name: 'A', groups: ['A'], active: true }] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const board = await caller(core, 'display').ok('queue:board', {});
    expect(board.runningText).toBe('Selamat datang di Kantor Desa');
    expect(board.counters.map((c) => c.number)).toEqual([1]);
    expect(core.services.store.queue.counters()).toEqual([]);
  });

  it('limits how many tickets one kiosk page takes in a minute', async () => {
    const kiosk = caller(core, 'kiosk');
    for (let i = 0; i < 5; i++) expect((await kiosk.call('queue:take', { group: 'general', print: false })).ok).toBe(true);
    expect(await kiosk.call('queue:take', { group: 'general', print: false })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // ...and nothing else of the queue.
    expect(await kiosk.call('queue:board', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await kiosk.call('queue:next', { counter: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('gives the audio of a call: a chime, then the spoken text, as one WAV', async () => {
    const op = caller(core, 'operator');
    await op.ok('queue:take', { group: 'U', print: false });
    const { call } = await op.ok('queue:next', { counter: 1 });
    const audio = await caller(core, 'display').ok('queue:call-audio', { callId: call!.id });
    const wav = Buffer.from(audio.audio, 'base64');
    expect(audio.mime).toBe('audio/wav');
    expect(wav.subarray(0, 4).toString()).toBe('RIFF');
    const rate = wav.readUInt32LE(24);
    // More than the 1.05 s chime: the speech follows it.
    expect(wav.readUInt32LE(40) / (rate * 2)).toBeGreaterThan(2);
    expect(await caller(core, 'display').call('queue:call-audio', { callId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('says the call from the office\'s recorded voice pack when it holds every piece, else with espeak-ng', async () => {
    const op = caller(core, 'operator');
    const display = caller(core, 'display');
    await op.ok('queue:take', { group: 'U', print: false });
    await op.ok('queue:take', { group: 'U', print: false });
    // "Nomor antrean U satu, silakan ke loket satu": four pieces, 0.2 s each at 16 kHz.
    const pack = join(tmp.dir, 'voice-pack');
    mkdirSync(pack, { recursive: true });
    const pieces = ['nomor-antrean', 'u', 'satu', 'silakan-ke-loket'];
    pieces.forEach((p, i) => writeFileSync(join(pack, `queue.${p}.wav`), wavFile({ sampleRate: 16000, channels: 1, bitsPerSample: 16, data: Buffer.alloc(3200 * 2, i + 1) })));
    const { call } = await op.ok('queue:next', { counter: 1 });
    expect(call!.spokenText).toBe('Nomor antrean U satu, silakan ke loket satu');
    const packed = await display.ok('queue:call-audio', { callId: call!.id });
    expect(packed.source).toBe('pack');
    const wav = parseWav(Buffer.from(packed.audio, 'base64'))!;
    expect(wav.sampleRate).toBe(16000);
    // The chime (0.8 s of tones, 0.25 s pause), then 5 pieces (satu twice) and the comma's 0.3 s.
    expect(wav.data.length / 2 / 16000).toBeCloseTo(1.05 + 5 * 0.2 + 0.3, 2);
    // U-002 is "dua": not in the pack, so espeak-ng says all of it.
    await op.ok('queue:no-show', { counter: 1 });
    const second = await op.ok('queue:next', { counter: 1 });
    const spoken = await display.ok('queue:call-audio', { callId: second.call!.id });
    expect(spoken.source).toBe('synth');
    expect(parseWav(Buffer.from(spoken.audio, 'base64'))!.sampleRate).toBe(22050);
  });
});
