import type { SyncQueries } from '../db/queries/sync.js';
import type { Effort } from './codec.js';

/**
 * What this kiosk knows of its link to one upstream, kept in sync_state so a pass needs no
 * round trip of its own to learn it: `link:<up>` {bytesPerSecond} (measured on uploads over
 * 32 KiB, by the engine) and `rtt:<up>` {ms, at} (the shortest small exchange of late:
 * enrolment, status and catalogue pulls, or the one `hello` of a device that knew nothing
 * yet). An RTT measured this way is an upper bound: it includes the hub's small work.
 */
export interface LinkProfile {
  bytesPerSecond: number | null;
  rttMs: number | null;
}

type State = Pick<SyncQueries, 'getState' | 'setState'>;

/**
 * A small exchange under this many ms is a LAN, the same machine or a fast WAN: zstd-3. The
 * first exchanges of a process on loopback take 2–14 ms (a cold process, a loaded machine, the
 * hub's own work); the thin links (EDGE, VSAT) have round trips of 300 ms and more, and on a
 * link with a 30 ms round trip zstd-3 costs about what zstd-19 saves. The first upload's
 * bytes/s then decides.
 */
export const LAN_RTT_MS = 30;

/** A round-trip figure older than this is replaced, not lowered (the kiosk may have moved to another link). */
const RTT_KEEP_MS = 24 * 3600_000;

export function linkProfile(sync: State, up: string): LinkProfile {
  const rate = sync.getState<{ bytesPerSecond?: unknown } | null>(`link:${up}`)?.bytesPerSecond;
  const rtt = sync.getState<{ ms?: unknown } | null>(`rtt:${up}`)?.ms;
  return {
    bytesPerSecond: typeof rate === 'number' && rate > 0 ? rate : null,
    rttMs: typeof rtt === 'number' && rtt >= 0 ? rtt : null,
  };
}

/**
 * Keeps the shortest small exchange seen lately: the client reports each time its own shortest
 * gets shorter, and a figure from the last day is only ever lowered, so one pass on a loaded
 * machine does not make a LAN look like a WAN. An older figure is replaced.
 */
export function rttRecorder(sync: State, up: string, now = (): number => Date.now()): (ms: number) => void {
  return (ms) => {
    const held = sync.getState<{ ms?: unknown; at?: unknown } | null>(`rtt:${up}`);
    const fresh = typeof held?.at === 'string' && now() - Date.parse(held.at) < RTT_KEEP_MS;
    if (fresh && typeof held.ms === 'number' && held.ms <= ms) return;
    sync.setState(`rtt:${up}`, { ms: Math.round(ms * 10) / 10, at: new Date(now()).toISOString() });
  };
}

/**
 * The zstd level that delivers first at a link's bytes/s: compress time + compressed bytes ÷ rate,
 * from codec.ts's figures (each step up costs more CPU than its bytes save above its rate).
 * brotli-11 would pay only under ≈4 kB/s and costs a second of CPU per 500 submissions: not chosen.
 */
const BY_RATE: [minBytesPerSecond: number, effort: Effort][] = [
  [1_000_000, 'fast'],
  [125_000, 'zstd-9'],
  [25_000, 'zstd-15'],
  [9_000, 'zstd-17'],
];

/** The compression effort for a link, or null when nothing is known of it (then one `hello` measures it). */
export function effortFor(p: LinkProfile): Effort | null {
  if (p.bytesPerSecond !== null) return BY_RATE.find(([min]) => p.bytesPerSecond! >= min)?.[1] ?? 'small';
  if (p.rttMs !== null) return p.rttMs < LAN_RTT_MS ? 'fast' : 'small';
  return null;
}

/**
 * The compression effort for a pass: the one asked for, else what the link taught, else (with
 * something to send) one `hello` to learn it. Answers the requests it made.
 */
export async function chooseEffort(want: Effort | 'auto', sync: State, up: string, backlog: number, hello: () => Promise<unknown>): Promise<{ effort: Effort; requests: number }> {
  if (want !== 'auto') return { effort: want, requests: 0 };
  // What earlier exchanges taught (the enrolment, last pass's pulls): no round trip of its own.
  const known = effortFor(linkProfile(sync, up));
  if (known) return { effort: known, requests: 0 };
  if (backlog === 0) return { effort: 'small', requests: 0 };
  await hello();
  return { effort: effortFor(linkProfile(sync, up)) ?? 'small', requests: 1 };
}
