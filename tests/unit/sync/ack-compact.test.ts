import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compactOf, compactSigningText, expandCompactAck, membershipText, WireAck, type CompactAck } from '../../../shared/sync/ack-compact.js';
import type { BatchAck } from '../../../shared/sync/protocol.js';

const sha = (t: string): string => createHash('sha256').update(t).digest('hex');
const BATCH = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ids = (n: number): string[] => Array.from({ length: n }, () => randomUUID());

function full(members: string[], dup = 0, rej = 0): BatchAck {
  return {
    batchId: BATCH,
    accepted: members.slice(dup + rej),
    duplicate: members.slice(0, dup),
    rejected: members.slice(dup, dup + rej).map((id) => ({ id, reason: 'conflict: the same id with other content' })),
  };
}

describe('compact batch ack (pure)', () => {
  it('expands back to the full ack for any split of the members, in any member order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(), fc.nat(), (n, a, b) => {
        const m = ids(n);
        const dup = a % (n + 1);
        const rej = b % (n - dup + 1);
        const f = full(m, dup, rej);
        const c = compactOf(f, sha)!;
        expect(c.count).toBe(n);
        const back = expandCompactAck(c, [...m].reverse(), sha);
        expect(back.ok).toBe(true);
        if (!back.ok) return;
        expect(new Set(back.ack.accepted)).toEqual(new Set(f.accepted));
        expect(back.ack.duplicate).toEqual(f.duplicate);
        expect(back.ack.rejected).toEqual(f.rejected);
      }),
      { numRuns: 60 },
    );
  });

  it('is small: 500 accepted ids fit in a few hundred bytes (the full ack is ≈20 KiB)', () => {
    const f = full(ids(500));
    const c: CompactAck = { ...compactOf(f, sha)!, hubSig: 'A'.repeat(88) };
    expect(JSON.stringify(c).length).toBeLessThan(300);
    expect(JSON.stringify(f).length).toBeGreaterThan(19_000);
    // And it parses as the compact form, a full ack as the full form.
    expect('accepted' in WireAck.parse(c)).toBe(false);
    expect('accepted' in WireAck.parse(f)).toBe(true);
  });

  it('refuses a count, a membership or an exception that does not match the batch', () => {
    const m = ids(10);
    const c = compactOf(full(m, 1, 1), sha)!;
    expect(expandCompactAck(c, m.slice(1), sha)).toMatchObject({ ok: false, error: expect.stringMatching(/counts 10 submissions, the batch held 9/) });
    const swapped = [...m.slice(0, 9), randomUUID()];
    expect(expandCompactAck(c, swapped, sha)).toMatchObject({ ok: false, error: expect.stringMatching(/another set of submissions/) });
    const stranger = randomUUID();
    expect(expandCompactAck({ ...c, duplicate: [stranger] }, m, sha)).toMatchObject({ ok: false, error: expect.stringContaining(stranger) });
    expect(expandCompactAck({ ...c, duplicate: [m[1]!] }, m, sha)).toMatchObject({ ok: false, error: expect.stringMatching(/twice/) });
  });

  it('is not made when the full ack could not be rebuilt from it (an id twice, an empty id)', () => {
    const m = ids(3);
    expect(compactOf({ ...full(m), rejected: [{ id: m[0]!, reason: 'the same id twice in one batch with different content' }] }, sha)).toBeNull();
    expect(compactOf({ ...full(m), rejected: [{ id: '', reason: 'record is not valid JSON' }] }, sha)).toBeNull();
  });

  it('signs the device, the count, the membership digest and every exception', () => {
    const m = ids(4);
    const c = compactOf(full(m, 1, 1), sha)!;
    const base = compactSigningText('dev-1', c);
    expect(base).toContain(c.members);
    expect(compactSigningText('dev-2', c)).not.toBe(base);
    expect(compactSigningText('dev-1', { ...c, count: 5 })).not.toBe(base);
    expect(compactSigningText('dev-1', { ...c, rejected: [] })).not.toBe(base);
    expect(compactSigningText('dev-1', { ...c, rejected: [{ id: m[1]!, reason: 'other' }] })).not.toBe(base);
    expect(membershipText(['b', 'a', 'b'])).toBe('["a","b"]');
  });
});
