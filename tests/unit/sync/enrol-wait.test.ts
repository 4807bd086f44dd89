import { describe, expect, it } from 'vitest';
import { EnrolmentsInFlight, knownOrAwaited } from '../../../main/hub/enrol-wait.js';

const ID = '6f1c2d3e-4b5a-4c6d-8e7f-901234567890';
const since = (t0: number): number => performance.now() - t0;

describe('EnrolmentsInFlight: a batch of a device not known yet, sent beside its enrolment, waits for it', () => {
  it('a request that does not say it was sent beside an enrolment, or names no device, never waits: not even for one in flight', async () => {
    const w = new EnrolmentsInFlight(2000, 5000);
    const settle = w.begin(ID);
    let lookups = 0;
    let t0 = performance.now();
    expect(await knownOrAwaited(w, ID, false, () => (lookups++, null))).toBeNull();
    expect(since(t0)).toBeLessThan(50);
    t0 = performance.now();
    expect(await knownOrAwaited(w, '', true, () => (lookups++, null))).toBeNull();
    expect(since(t0)).toBeLessThan(50);
    expect(lookups).toBe(2); // looked up once each, never again after a wait
    settle();
  });

  it('wakes as soon as the enrolment in flight settles, and the lookup then decides', async () => {
    const w = new EnrolmentsInFlight(200, 5000);
    let known = false;
    const settle = w.begin(ID);
    expect(w.pending(ID)).toBe(true);
    setTimeout(() => {
      known = true;
      settle();
    }, 60);
    const t0 = performance.now();
    expect(await knownOrAwaited(w, ID, true, () => (known ? 'device' : null))).toBe('device');
    expect(since(t0)).toBeLessThan(1000);
    expect(w.pending(ID)).toBe(false);
  });

  it('waits for an enrolment that begins within the grace, past the grace when it is slow to settle', async () => {
    const w = new EnrolmentsInFlight(100, 5000);
    let known = false;
    setTimeout(() => {
      const settle = w.begin(ID);
      setTimeout(() => {
        known = true;
        settle();
      }, 250); // settles at ≈300 ms, after the 100 ms grace
    }, 50);
    const t0 = performance.now();
    expect(await knownOrAwaited(w, ID, true, () => (known ? 'device' : null))).toBe('device');
    expect(since(t0)).toBeGreaterThanOrEqual(250);
  });

  it('a refused enrolment: woken at once, still unknown; no enrolment at all: unknown after the grace', async () => {
    const w = new EnrolmentsInFlight(150, 5000);
    const settle = w.begin(ID);
    setTimeout(settle, 40);
    let t0 = performance.now();
    expect(await knownOrAwaited(w, ID, true, () => null)).toBeNull();
    expect(since(t0)).toBeLessThan(140);
    t0 = performance.now();
    expect(await knownOrAwaited(w, 'another-device', true, () => null)).toBeNull();
    expect(since(t0)).toBeGreaterThanOrEqual(140);
  });

  it('a known device never waits; beyond 256 waiting requests an unknown one is answered at once', async () => {
    const w = new EnrolmentsInFlight(2000, 5000);
    let t0 = performance.now();
    expect(await knownOrAwaited(w, ID, true, () => 'device')).toBe('device');
    expect(since(t0)).toBeLessThan(50);
    const waiting = Array.from({ length: 256 }, (_, i) => w.settled(`d-${i}`));
    t0 = performance.now();
    await w.settled('one-too-many');
    expect(since(t0)).toBeLessThan(50);
    for (let i = 0; i < 256; i++) w.begin(`d-${i}`)();
    await Promise.all(waiting);
  });
});
