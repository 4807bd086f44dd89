import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../shared/console/csv.js';
import { callbackPhone, complaintKioskNote, complaintMoveProblem, complaintMovesFrom } from '../../../shared/domain/complaint-workflow.js';

describe('complaint workflow', () => {
  it('lets the admin verify and dispatch, the dispatched agency follow up, nobody else', () => {
    expect(complaintMovesFrom('new', 'admin', false).map((m) => m.id)).toEqual(['verify', 'hold', 'not_authority', 'archive']);
    expect(complaintMovesFrom('verified', 'admin', false).map((m) => m.id)).toEqual(['not_authority', 'archive', 'dispatch']);
    expect(complaintMovesFrom('dispatched', 'officer', true).map((m) => m.id)).toEqual(['follow_up']);
    expect(complaintMovesFrom('dispatched', 'officer', false)).toEqual([]);
    expect(complaintMoveProblem('follow_up', 'dispatched', 'admin', false, 'x', null)).toBe('role');
    expect(complaintMoveProblem('dispatch', 'verified', 'admin', false, null, null)).toBe('agency_required');
    expect(complaintMoveProblem('hold', 'new', 'admin', false, '  ', null)).toBe('note_required');
    expect(complaintMoveProblem('verify', 'archived', 'admin', false, null, null)).toBe('not_from_here');
    expect(complaintMoveProblem('nope', 'new', 'admin', false, null, null)).toBe('unknown_move');
  });
  it('writes the note the resident reads', () => {
    expect(complaintKioskNote('dispatch', 'segera', 'Dinas Sosial')).toBe('Pengaduan diteruskan ke Dinas Sosial: segera');
    expect(complaintKioskNote('verify', null, null)).toBe('Pengaduan diverifikasi admin kabupaten.');
  });
  it('finds the callback number in a kiosk payload or a flat one, only when asked for', () => {
    expect(callbackPhone({ applicant: {}, answers: { mauDihubungi: 'ya', noHp: '0812 3456 7890' } })).toBe('0812 3456 7890');
    expect(callbackPhone({ mauDihubungi: 'ya', noHp: '081234567890' })).toBe('081234567890');
    expect(callbackPhone({ answers: { mauDihubungi: 'tidak', noHp: '081234567890' } })).toBeNull();
    expect(callbackPhone({ answers: { mauDihubungi: 'ya', noHp: '<script>' } })).toBeNull();
    expect(callbackPhone(null)).toBeNull();
  });
});

describe('CSV export', () => {
  it('quotes, keeps UTF-8 readable and defuses formulas', () => {
    const csv = toCsv(['a', 'b'], [['x,y', 'kata "kutip"'], ['=SUM(A1)', -3], [null, 'Ñ']]);
    expect(csv).toBe('\ufeffa,b\r\n"x,y","kata ""kutip"""\r\n\'=SUM(A1),-3\r\n,Ñ\r\n');
  });
});
