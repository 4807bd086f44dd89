import { describe, expect, it } from 'vitest';
import { HubWorkflow } from '../../../shared/catalogue/schema.js';
import { HUB_WORKFLOW, hubMoveProblem, hubMovesFrom, workflowFor } from '../../../shared/domain/hub-workflow.js';

describe("a service's own workflow at the hub", () => {
  it('is the default workflow when the service names none', () => {
    expect(workflowFor(undefined)).toBe(HUB_WORKFLOW);
    expect(workflowFor({})).toEqual(HUB_WORKFLOW);
    expect(hubMovesFrom('accepted', 'verifier').map((m) => m.id)).toEqual(['verify', 'incomplete', 'reject']);
  });

  it('without verification goes diterima → diproses, and nothing starts from diverifikasi', () => {
    const w = workflowFor({ verification: false });
    expect(w.map((m) => m.id)).not.toContain('verify');
    expect(hubMovesFrom('accepted', 'officer', w).map((m) => m.id)).toEqual(['incomplete', 'process']);
    expect(w.some((m) => m.from.includes('verified'))).toBe(false);
    expect(hubMoveProblem('verify', 'accepted', 'verifier', null, w)).toBe('unknown_move');
    expect(hubMoveProblem('process', 'accepted', 'officer', null, w)).toBeNull();
    // The default still needs the verification first.
    expect(hubMoveProblem('process', 'accepted', 'officer', null)).toBe('not_from_here');
  });

  it('says who may make a move; the kabupaten admin never works a request', () => {
    const w = workflowFor({ roles: { finish: ['head'], reject: ['head', 'admin'] } });
    expect(hubMoveProblem('finish', 'processing', 'officer', 'Ambil di kantor', w)).toBe('role');
    expect(hubMoveProblem('finish', 'processing', 'head', 'Ambil di kantor', w)).toBeNull();
    expect(w.find((m) => m.id === 'reject')!.roles).toEqual(['head']);
    expect(hubMoveProblem('accept', 'sent', 'officer', null, w)).toBeNull();
  });

  it('is checked by the catalogue schema: known moves and working roles only', () => {
    expect(HubWorkflow.safeParse({ verification: false, roles: { finish: ['head'] } }).success).toBe(true);
    for (const bad of [{ roles: { approve: ['head'] } }, { roles: { finish: ['admin'] } }, { roles: { finish: [] } }, { verification: 'no' }, { steps: [] }]) {
      expect(HubWorkflow.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
});
