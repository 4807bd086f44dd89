import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../shared/api/access.js';
import { SUBMISSION_STATUSES } from '../../../shared/domain/submission.js';
import { DESA_WORKFLOW, findMove, moveProblem, movesFrom } from '../../../shared/domain/workflow.js';

describe('the desa workflow', () => {
  it('walks diterima → diperiksa → perlu dilengkapi → diperiksa → menunggu tanda tangan → siap diambil → diambil', () => {
    const path: [string, string, (typeof ROLES)[number]][] = [
      ['received', 'check', 'operator'],
      ['checking', 'incomplete', 'operator'],
      ['incomplete', 'resume', 'operator'],
      ['checking', 'approve', 'verifier'],
      ['awaiting_signature', 'sign', 'signatory'],
      ['ready', 'collect', 'operator'],
    ];
    for (const [from, id, role] of path) {
      const m = findMove(id as Parameters<typeof findMove>[0]);
      expect(moveProblem(m, from as never, role, 'fotokopi KK')).toBeNull();
    }
    expect(findMove('collect').to).toBe('collected');
  });

  it('only the right roles: an operator cannot approve or sign, a signatory cannot check, the admin moves nothing', () => {
    expect(moveProblem(findMove('approve'), 'checking', 'operator', null)).toBe('role');
    expect(moveProblem(findMove('sign'), 'awaiting_signature', 'verifier', null)).toBe('role');
    expect(moveProblem(findMove('check'), 'received', 'signatory', null)).toBe('role');
    for (const status of SUBMISSION_STATUSES) expect(movesFrom(status, 'admin')).toEqual([]);
  });

  it('what is missing and why it was refused must be written down; no move from a finished request', () => {
    expect(moveProblem(findMove('incomplete'), 'checking', 'operator', '')).toBe('note_required');
    expect(moveProblem(findMove('reject'), 'checking', 'verifier', '  ')).toBe('note_required');
    expect(moveProblem(findMove('reject'), 'checking', 'verifier', 'Bukan warga desa ini')).toBeNull();
    for (const done of ['collected', 'rejected'] as const) expect(movesFrom(done, null)).toEqual([]);
    expect(moveProblem(findMove('sign'), 'checking', 'signatory', null)).toBe('not_from_here');
  });

  it('every move goes to a known status from known statuses', () => {
    for (const m of DESA_WORKFLOW) {
      expect(SUBMISSION_STATUSES).toContain(m.to);
      for (const f of m.from) expect(SUBMISSION_STATUSES).toContain(f);
      expect(m.roles.length).toBeGreaterThan(0);
    }
  });
});
