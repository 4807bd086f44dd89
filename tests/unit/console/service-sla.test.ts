import { describe, expect, it } from 'vitest';
import { slaDefaultsOf, slaFormOf, slaFromForm, withSla } from '../../../shared/console/service-sla.js';
import { overallSlaFor, stateSlaFor } from '../../../shared/domain/hub-workflow.js';

const ktp = { id: 'ktp-el-baru', agency: 'dukcapil', sla: { days: 14, text: '14 hari kerja' } };
const empty = { sent: '', accepted: '', verified: '', incomplete: '', processing: '', overall: '' };

describe("the console's SLA form for one service", () => {
  it('reads the defaults, and the service own days back into the form', () => {
    expect(slaDefaultsOf(ktp)).toEqual({ sent: 1, accepted: 2, verified: 2, incomplete: 10, processing: 5, overall: 14 });
    expect(slaFormOf(ktp)).toEqual(empty);
    expect(slaFormOf({ ...ktp, hubWorkflow: { verification: false, sla: { states: { accepted: 7 }, overall: 30 } } })).toEqual({ ...empty, accepted: '7', overall: '30' });
  });

  it('refuses by field, in Bahasa Indonesia: not a whole number, out of 1–365', () => {
    const r = slaFromForm({ ...empty, accepted: '0', processing: '2,5', overall: '366', sent: '3' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(['accepted', 'overall', 'processing']);
    expect(r.errors.accepted).toBe('Isi antara 1 dan 365 hari kerja, atau kosongkan untuk nilai bawaan.');
    expect(r.errors.processing).toBe('Isi bilangan bulat (tanpa koma), atau kosongkan untuk nilai bawaan.');
  });

  it('writes only what differs from the defaults into hubWorkflow.sla, keeping the rest of the workflow; empty removes it', () => {
    const r = slaFromForm({ ...empty, accepted: ' 7 ', overall: '30' });
    expect(r).toEqual({ ok: true, sla: { states: { accepted: 7 }, overall: 30 } });
    const set = withSla({ ...ktp, hubWorkflow: { verification: false } }, r.ok ? r.sla : undefined);
    expect(set['hubWorkflow']).toEqual({ verification: false, sla: { states: { accepted: 7 }, overall: 30 } });
    const w = set['hubWorkflow'] as Parameters<typeof stateSlaFor>[0];
    expect(stateSlaFor(w)).toEqual({ sent: 1, accepted: 7, verified: 2, incomplete: 10, processing: 5 });
    expect(overallSlaFor(w, 14)).toBe(30);
    const cleared = slaFromForm(empty);
    expect(cleared).toEqual({ ok: true, sla: undefined });
    expect(withSla({ ...ktp, hubWorkflow: { sla: { overall: 30 } } }, undefined)).toEqual(ktp);
    expect(overallSlaFor(undefined, 14)).toBe(14);
  });
});
