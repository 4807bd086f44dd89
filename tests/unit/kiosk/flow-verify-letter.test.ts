import { describe, expect, it } from 'vitest';
import { initialFlow, reduce, type FlowEvent, type FlowState } from '../../../renderer/src/kiosk/flow/machine.js';
import type { KioskLetterVerification } from '../../../shared/api/calls/kiosk.js';

const VALID: KioskLetterVerification = {
  outcome: 'valid',
  message: 'letter 470/001 of 2026-12-02',
  officeCode: '3604052001',
  office: { desa: 'KRAMATWATU', kecamatan: 'KRAMATWATU' },
  letter: { number: '470/001/2001/XII/2026', date: '2026-12-02', serviceId: 'surat-domisili', serviceTitle: 'Surat Keterangan Domisili' },
};
const run = (events: FlowEvent[], from: FlowState = initialFlow()): FlowState => events.reduce(reduce, from);

describe('kiosk flow: "Cek keaslian surat"', () => {
  it('opens from the welcome screen only, shows a verdict, and "Cek surat lain" clears it', () => {
    expect(run([{ type: 'apply' }, { type: 'verify-letter' }]).step.screen).toBe('agencies');
    const shown = run([{ type: 'verify-letter' }, { type: 'letter-verified', verdict: VALID }]);
    expect(shown.step.screen).toBe('verify-letter');
    expect(shown.letter.verdict).toEqual(VALID);
    expect(reduce(shown, { type: 'letter-another' }).letter).toEqual({});
  });

  it('a late verdict on another screen changes nothing; back, finish and idle forget the verdict', () => {
    const status = run([{ type: 'check-status' }, { type: 'letter-verified', verdict: VALID }]);
    expect(status.letter).toEqual({});
    const shown = run([{ type: 'verify-letter' }, { type: 'letter-verified', verdict: VALID }]);
    const back = reduce(shown, { type: 'back' });
    expect(back.step.screen).toBe('welcome');
    expect(back.letter).toEqual({});
    for (const type of ['finish', 'idle-wipe'] as const) {
      const wiped = reduce(shown, { type });
      expect(wiped).toEqual(initialFlow(shown.session + 1));
    }
  });

  it('a card tapped on the letter check is ignored (no identity is read there)', () => {
    const at = run([{ type: 'verify-letter' }]);
    const after = reduce(at, { type: 'card-read', biodata: { nik: '3604051208850001', nama: 'AHMAD SUHENDRA', alamat: 'KP. KRAMAT' } });
    expect(after).toBe(at);
  });
});
