import { chooseLink, linkState, minutesUntilOpen, officeDay, officeMinute, type LinkFacts, type LinkStatus, type SyncLink } from '../../shared/sync/links.js';
import type { SyncQueries } from '../db/queries/sync.js';
import { SyncError } from './client.js';

/** A link that failed is left alone this long, doubling per failure up to the cap. */
const DOWN_BASE_MS = 15_000;
const DOWN_MAX_MS = 5 * 60_000;

interface Usage {
  day: string;
  bytes: number;
  held?: number;
}

/**
 * The engine's ledger of its links: bytes carried today per link (kept in sync_state, so a
 * restart does not reset a metered budget), which link failed and until when, and which one
 * is in use. The choice itself is the pure `chooseLink`.
 */
export class LinkBook {
  private readonly down = new Map<string, { until: number; failures: number }>();
  private inUse: { name: string; moved: () => number } | null = null;

  constructor(
    private readonly sync: SyncQueries,
    private readonly links: () => readonly SyncLink[],
    private readonly now: () => Date,
  ) {}

  list(): readonly SyncLink[] {
    return this.links();
  }

  facts(name: string): LinkFacts {
    const u = this.today(name);
    return { usedToday: this.usedToday(name), ...(u.held ? { held: u.held } : {}), downUntil: this.down.get(name)?.until ?? 0 };
  }

  /** The link to use for a step that carries about `needBytes` (not one of `skip`); null when none is allowed. */
  choose(needBytes = 0, skip: ReadonlySet<string> = new Set()): SyncLink | null {
    const ls = this.links();
    const i = chooseLink(ls, (n) => this.facts(n), this.now(), needBytes, skip);
    return i === null ? null : ls[i]!;
  }

  /** Whether this link may carry `needBytes` more today (true when unmetered). */
  fits(link: SyncLink, needBytes: number): boolean {
    return link.dailyBudgetBytes === null || this.usedToday(link.name) + needBytes <= link.dailyBudgetBytes;
  }

  /** The link a pass runs on, and the bytes it has moved so far (counted as today's before the pass writes them down). */
  use(name: string, moved: () => number): void {
    this.inUse = { name, moved };
  }

  /** The pass is over: what it moved becomes today's usage. */
  release(): void {
    if (!this.inUse) return;
    const { name, moved } = this.inUse;
    this.inUse = null;
    this.addBytes(name, moved());
  }

  markDown(name: string): void {
    const d = this.down.get(name);
    const failures = (d?.failures ?? 0) + 1;
    this.down.set(name, { failures, until: this.now().getTime() + Math.min(DOWN_MAX_MS, DOWN_BASE_MS * 2 ** (failures - 1)) });
  }

  markUp(name: string): void {
    this.down.delete(name);
  }

  addBytes(name: string, bytes: number): void {
    if (bytes <= 0) return;
    const u = this.today(name);
    this.sync.setState(`link-usage:${name}`, { ...u, bytes: u.bytes + bytes });
  }

  /** Today's budget could not carry a batch of this size: the link rests until the next day (or until the backlog is through elsewhere). */
  hold(name: string, bytes: number): void {
    this.sync.setState(`link-usage:${name}`, { ...this.today(name), held: bytes });
  }

  /** The backlog went through: a link that rested for a batch may carry what comes next. */
  releaseHolds(): void {
    for (const l of this.links()) {
      const u = this.today(l.name);
      if (u.held) this.sync.setState(`link-usage:${l.name}`, { day: u.day, bytes: u.bytes });
    }
  }

  usedToday(name: string): number {
    return this.today(name).bytes + (this.inUse?.name === name ? this.inUse.moved() : 0);
  }

  private today(name: string): Usage {
    const day = officeDay(this.now());
    const u = this.sync.getState<Usage>(`link-usage:${name}`);
    return u?.day === day ? u : { day, bytes: 0 };
  }

  /**
   * Why no link can be used now: closed windows wait for the next one to open, spent budgets for
   * the next day (retried every half hour); after a failure it is a network error (the desk says offline).
   */
  noneError(afterFailure: boolean): SyncError {
    const s = this.statuses();
    const opens = s.map((l) => l.opensInMinutes).filter((m): m is number => m !== null);
    const wait = opens.length ? Math.max(1, Math.min(...opens)) * 60_000 : 30 * 60_000;
    const what = s.map((l) => `${l.name}: ${l.state}`).join(', ');
    const spent = s.some((l) => l.state === 'over_budget') && s.every((l) => l.state === 'over_budget' || l.state === 'closed');
    if (spent) return new SyncError('busy', 'over_budget', `every link has spent today's budget or is closed (${what})`, null, null, wait);
    return new SyncError(afterFailure ? 'network' : 'busy', 'no_link', `no link is up and allowed now (${what})`, null, null, wait);
  }

  /** Every link as the desk shows it. */
  statuses(): LinkStatus[] {
    const at = this.now();
    const minute = officeMinute(at);
    return this.links().map((l) => {
      const state = linkState(l, this.facts(l.name), minute, at.getTime());
      const speed = this.sync.getState<{ bytesPerSecond: number }>(`link:${l.url}`)?.bytesPerSecond ?? null;
      return {
        name: l.name,
        url: l.url,
        state: state === 'ready' && this.inUse?.name === l.name ? 'in_use' : state,
        usedToday: this.usedToday(l.name),
        dailyBudgetBytes: l.dailyBudgetBytes,
        windows: [...l.windows],
        bytesPerSecond: speed,
        opensInMinutes: state === 'closed' ? minutesUntilOpen(l.windows, minute) : null,
      };
    });
  }
}
