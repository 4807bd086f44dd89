import { describe, expect, it } from 'vitest';
import { chooseLink, minutesUntilOpen, officeDay, officeMinute, parseLinkSpec, SyncLinks, windowOpen, type LinkFacts, type SyncLink } from '../../../shared/sync/links.js';
import { backlogEta, isConstrained, isThin } from '../../../main/sync/link-plan.js';

const l = (name: string, more: Partial<SyncLink> = {}): SyncLink => ({ name, url: `http://${name}.test:4790`, dailyBudgetBytes: null, windows: [], ...more });
const up: LinkFacts = { usedToday: 0, downUntil: 0 };
const wib = (hh: number, mm = 0): Date => new Date(Date.UTC(2026, 11, 3, hh - 7, mm));

describe('link specs on the command line', () => {
  it('reads name, URL, budget with units and several windows', () => {
    expect(parseLinkSpec('vsat=http://10.8.0.1:4790,budget=50MB,window=18:00-20:00,window=05:00-06:30')).toEqual({
      name: 'vsat',
      url: 'http://10.8.0.1:4790',
      dailyBudgetBytes: 50 * 1024 * 1024,
      windows: ['18:00-20:00', '05:00-06:30'],
    });
    expect(parseLinkSpec('lan=https://hub.serangkab.go.id').dailyBudgetBytes).toBeNull();
    expect(parseLinkSpec('m=http://x:1,budget=1.5g').dailyBudgetBytes).toBe(Math.round(1.5 * 1024 ** 3));
  });

  it.each([
    ['http://no-name', /expected NAME=URL/],
    ['x=ftp://a', /http\(s\) URL/],
    ['x=http://a,budget=lots', /not a size/],
    ['x=http://a,budget=10', /64|greater|>=/i],
    ['x=http://a,window=25:00-26:00', /time window/],
    ['x=http://a,window=18:00-18:00', /same minute/],
    ['x=http://a,speed=3', /unknown option "speed"/],
  ])('refuses %s with an English reason', (spec, why) => {
    expect(() => parseLinkSpec(spec)).toThrow(why);
  });

  it('refuses two links of one name and more than 8', () => {
    expect(SyncLinks.safeParse([l('a'), l('a')]).success).toBe(false);
    expect(SyncLinks.safeParse(Array.from({ length: 9 }, (_, i) => l(`n${i}`))).success).toBe(false);
    expect(SyncLinks.safeParse([l('a'), l('b')]).success).toBe(true);
  });
});

describe('windows and the office day are in WIB', () => {
  it('counts the minute and the day in UTC+7 whatever the machine zone', () => {
    expect(officeMinute(wib(18, 30))).toBe(18 * 60 + 30);
    expect(officeDay(new Date('2026-12-03T16:59:00Z'))).toBe('2026-12-03');
    expect(officeDay(new Date('2026-12-03T17:00:00Z'))).toBe('2026-12-04');
  });

  it('opens at the first minute, closes at the last, and may run past midnight', () => {
    expect(windowOpen(['18:00-20:00'], 18 * 60)).toBe(true);
    expect(windowOpen(['18:00-20:00'], 20 * 60)).toBe(false);
    expect(windowOpen(['22:00-02:00'], 23 * 60)).toBe(true);
    expect(windowOpen(['22:00-02:00'], 60)).toBe(true);
    expect(windowOpen(['22:00-02:00'], 3 * 60)).toBe(false);
    expect(windowOpen(['20:00-24:00'], 23 * 60 + 59)).toBe(true);
    expect(windowOpen([], 0)).toBe(true);
  });

  it('says how long until the soonest window opens', () => {
    expect(minutesUntilOpen(['18:00-20:00', '05:00-06:00'], 16 * 60 + 30)).toBe(90);
    expect(minutesUntilOpen(['05:00-06:00'], 21 * 60)).toBe(8 * 60);
    expect(minutesUntilOpen(['05:00-06:00'], 5 * 60 + 10)).toBe(0);
  });
});

describe('choosing a link', () => {
  const at = wib(10);
  it('takes the first ready one in the office order', () => {
    expect(chooseLink([l('lan'), l('relay')], () => up, at)).toBe(0);
  });

  it('passes over a closed window, a spent budget and a budget too small for the next step', () => {
    const links = [l('vsat', { windows: ['18:00-20:00'] }), l('mobile', { dailyBudgetBytes: 100_000 }), l('relay')];
    const facts = (n: string): LinkFacts => (n === 'mobile' ? { usedToday: 90_000, downUntil: 0 } : up);
    expect(chooseLink(links, facts, at)).toBe(1);
    expect(chooseLink(links, facts, at, 20_000)).toBe(2);
    expect(chooseLink(links, facts, wib(19))).toBe(0);
    // A batch the budget could not carry rests the link for the day, though bytes remain.
    const rested = (n: string): LinkFacts => (n === 'mobile' ? { usedToday: 10_000, held: 95_000, downUntil: 0 } : up);
    expect(chooseLink(links, rested, at)).toBe(2);
  });

  it('prefers a link that did not fail, yet still tries a failed one when it is all there is', () => {
    const down = (n: string): LinkFacts => (n === 'lan' ? { usedToday: 0, downUntil: at.getTime() + 60_000 } : up);
    expect(chooseLink([l('lan'), l('relay')], down, at)).toBe(1);
    expect(chooseLink([l('lan')], down, at)).toBe(0);
    expect(chooseLink([l('lan'), l('relay')], down, at, 0, new Set(['relay']))).toBe(0);
    expect(chooseLink([l('lan', { windows: ['18:00-20:00'] })], () => up, at)).toBeNull();
  });
});

describe('what goes first and when the backlog is through', () => {
  it('calls a link thin when metered, windowed or measured slow', () => {
    expect(isThin(l('lan'), null)).toBe(false);
    expect(isThin(l('lan'), 5_000_000)).toBe(false);
    expect(isThin(l('edge'), 8_000)).toBe(true);
    expect(isThin(l('m', { dailyBudgetBytes: 1 << 20 }), 5_000_000)).toBe(true);
    expect(isThin(l('v', { windows: ['18:00-20:00'] }), null)).toBe(true);
    // Statuses go before the uploads only where the pass may not get through everything.
    expect(isConstrained(l('edge'))).toBe(false);
    expect(isConstrained(l('m', { dailyBudgetBytes: 1 << 20 }))).toBe(true);
    expect(isConstrained(l('v', { windows: ['18:00-20:00'] }))).toBe(true);
  });

  it('estimates the wire bytes and adds the wait for a closed window', () => {
    const base = { url: 'http://x', usedToday: 0, dailyBudgetBytes: null, windows: [] };
    const weight = { text: 100_000, attachments: 40_000, batched: 10_000 };
    expect(backlogEta(weight, [{ ...base, name: 'a', state: 'in_use', bytesPerSecond: 8000, opensInMinutes: null }], 'a')).toEqual({ backlogBytes: 80_000, etaSeconds: 10 });
    expect(backlogEta(weight, [{ ...base, name: 'v', state: 'closed', bytesPerSecond: 32_000, opensInMinutes: 60 }], null).etaSeconds).toBe(3600 + 3);
    expect(backlogEta(weight, [{ ...base, name: 'a', state: 'ready', bytesPerSecond: null, opensInMinutes: null }], null).etaSeconds).toBeNull();
    expect(backlogEta({ text: 0, attachments: 0, batched: 0 }, [], null)).toEqual({ backlogBytes: 0, etaSeconds: 0 });
  });
});
