import { describe, expect, it } from 'vitest';
import { initialFlow, reduce, type FlowEvent, type FlowState } from '../../../renderer/src/kiosk/flow/machine.js';
import type { QueueTicketView } from '../../../renderer/src/kiosk/flow/state.js';

const TICKET: QueueTicketView = { label: 'U-007', group: 'U', number: 7, lane: 'lansia', ahead: 2, printing: true };
const run = (events: FlowEvent[], from: FlowState = initialFlow()): FlowState => events.reduce(reduce, from);

describe('kiosk flow: "Ambil nomor antrean"', () => {
  it('welcome → lane → ticket: one tap on a lane takes it, and the ticket screen cannot be gone back from', () => {
    const lanes = run([{ type: 'queue' }]);
    expect(lanes.step.screen).toBe('queue');
    const busy = reduce(lanes, { type: 'queue-take', lane: 'lansia' });
    expect(busy.queue.taking).toBe('busy');
    // A second tap while the first is on its way takes nothing more, and "Kembali" waits too.
    expect(reduce(busy, { type: 'queue-take', lane: 'none' })).toBe(busy);
    expect(reduce(busy, { type: 'back' })).toBe(busy);
    const shown = reduce(busy, { type: 'queue-taken', ticket: TICKET });
    expect(shown.step.screen).toBe('queue-ticket');
    expect(shown.stack).toEqual([]);
    expect(shown.queue).toEqual({ taking: 'idle', ticket: TICKET, print: 'printing' });
    expect(reduce(shown, { type: 'queue-printed', outcome: 'printed' }).queue.print).toBe('printed');
    // "Kembali" on the ticket screen ends the visit instead of offering a second ticket.
    expect(reduce(shown, { type: 'back' })).toEqual(initialFlow(shown.session + 1));
  });

  it('no printer: nothing to wait for; a failed take can be tried again', () => {
    const shown = run([{ type: 'queue' }, { type: 'queue-take', lane: 'none' }, { type: 'queue-taken', ticket: { ...TICKET, printing: false } }]);
    expect(shown.queue.print).toBe('none');
    expect(reduce(shown, { type: 'queue-printed', outcome: 'printed' })).toBe(shown);
    const failed = run([{ type: 'queue' }, { type: 'queue-take', lane: 'none' }, { type: 'queue-failed' }]);
    expect(failed.step.screen).toBe('queue');
    expect(failed.queue.taking).toBe('failed');
    expect(reduce(failed, { type: 'queue-take', lane: 'ibu_hamil' }).queue.taking).toBe('busy');
  });

  it('late answers on other screens change nothing; only the welcome screen opens it; a wipe forgets the ticket', () => {
    const apply = run([{ type: 'apply' }]);
    expect(reduce(apply, { type: 'queue' })).toBe(apply);
    expect(reduce(apply, { type: 'queue-taken', ticket: TICKET })).toBe(apply);
    // A take that was not asked for (no busy state) is ignored.
    const lanes = run([{ type: 'queue' }]);
    expect(reduce(lanes, { type: 'queue-taken', ticket: TICKET })).toBe(lanes);
    const back = reduce(lanes, { type: 'back' });
    expect(back.step.screen).toBe('welcome');
    const shown = run([{ type: 'queue' }, { type: 'queue-take', lane: 'none' }, { type: 'queue-taken', ticket: TICKET }]);
    for (const type of ['finish', 'idle-wipe'] as const) expect(reduce(shown, { type })).toEqual(initialFlow(shown.session + 1));
    // A card tapped while choosing a lane reads no identity.
    expect(reduce(lanes, { type: 'card-read', biodata: { nik: '3604051208850001', nama: 'AHMAD', alamat: 'KP. KRAMAT' } })).toBe(lanes);
  });
});
