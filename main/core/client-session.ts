import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Principal, Role } from '../../shared/api/access.js';
import { SlidingWindow } from './rate-limit.js';

/** At most this many of a resident's own submissions are remembered in one session (a kiosk visit makes one or two). */
const MAX_OWN = 20;
/** Sessions kept at once (pages and windows); the oldest unused one goes first. */
const MAX_SESSIONS = 64;

/** What a page shows: the resident's kiosk, the staff's desk, or the waiting-room display. */
export type PageMode = 'kiosk' | 'desk' | 'display';

export interface SessionLogin {
  userId: string;
  username: string;
  name: string;
  role: Role;
}

/**
 * One client of the API: a page of the headless host or an Electron window. It holds who is
 * logged in (desk), when it was last used (idle lock), and, at a kiosk, what belongs to the
 * resident of the current visit, so a resident never reaches another resident's submission.
 */
export class ClientSession {
  readonly id = randomUUID();
  /** Sent by the page on every call besides the cookie. */
  readonly token = randomBytes(24).toString('base64url');
  private login: SessionLogin | null = null;
  private lastUsed: number;
  /** Set when an idle lock ended the login, until the next login. */
  private lockedOut = false;
  private readonly own = new Set<string>();
  /** Per-page limits on calls that could be used to probe (a handful of names, so bounded). */
  private readonly limits = new Map<string, SlidingWindow>();

  /** @param mode fixed when the page was opened; null: whatever the device's role says. */
  constructor(
    now: number,
    readonly mode: PageMode | null = null,
  ) {
    this.lastUsed = now;
  }

  /** Without a login, a kiosk page is a resident, a display page the display, a desk page nobody. */
  private anonymous(deviceRole: 'kiosk' | 'operator'): Principal {
    const mode = this.mode ?? (deviceRole === 'kiosk' ? 'kiosk' : 'desk');
    if (mode === 'display') return { kind: 'display' };
    return mode === 'kiosk' ? { kind: 'resident' } : { kind: 'anonymous' };
  }

  get user(): SessionLogin | null {
    return this.login;
  }

  /** True after an idle lock (or logout by time) until someone logs in again. */
  get expired(): boolean {
    return this.lockedOut;
  }

  signIn(login: SessionLogin, now: number): void {
    this.login = login;
    this.lockedOut = false;
    this.lastUsed = now;
  }

  signOut(): SessionLogin | null {
    const was = this.login;
    this.login = null;
    return was;
  }

  /**
   * Who calls now. A login idle for longer than `lockMs` has ended (returned once as `ended`,
   * for the audit log). Without a login: a resident on a kiosk page, nobody on a desk page.
   */
  resolve(deviceRole: 'kiosk' | 'operator', now: number, lockMs: number): { principal: Principal; ended: SessionLogin | null } {
    let ended: SessionLogin | null = null;
    if (this.login && now - this.lastUsed > lockMs) {
      ended = this.login;
      this.login = null;
      this.lockedOut = true;
    }
    this.lastUsed = now;
    if (this.login) return { principal: { kind: 'user', ...this.login }, ended };
    return { principal: this.anonymous(deviceRole), ended };
  }

  /** Who would call now, without counting as use (event delivery must not hold off the idle lock). */
  peek(deviceRole: 'kiosk' | 'operator', now: number, lockMs: number): Principal {
    if (this.login && now - this.lastUsed <= lockMs) return { kind: 'user', ...this.login };
    return this.anonymous(deviceRole);
  }

  /** One event of `kind` against this page's own limit; false when over it. */
  allow(kind: string, limit: number, windowMs: number, now = Date.now()): boolean {
    let w = this.limits.get(kind);
    if (!w) this.limits.set(kind, (w = new SlidingWindow(limit, windowMs)));
    return w.take(now);
  }

  rememberOwn(submissionId: string): void {
    if (this.own.size >= MAX_OWN) this.own.delete(this.own.values().next().value!);
    this.own.add(submissionId);
  }

  owns(submissionId: string): boolean {
    return this.own.has(submissionId);
  }

  /** A resident's visit is under way (they submitted and the visit has not been wiped yet). */
  get visitInProgress(): boolean {
    return this.own.size > 0;
  }

  /** The resident's visit is over: what was theirs is out of reach of this session from now on. */
  endVisit(): void {
    this.own.clear();
  }
}

/** The sessions of one core, bounded; looked up by token (host) or kept by the transport (Electron). */
export class SessionRegistry {
  private readonly byId = new Map<string, ClientSession>();

  constructor(private readonly now: () => number = Date.now) {}

  create(mode: PageMode | null = null): ClientSession {
    if (this.byId.size >= MAX_SESSIONS) this.byId.delete(this.byId.keys().next().value!);
    const s = new ClientSession(this.now(), mode);
    this.byId.set(s.id, s);
    return s;
  }

  /** The session holding this token (compared in constant time). */
  byToken(token: string | undefined): ClientSession | undefined {
    if (!token || token.length > 64) return undefined;
    const wanted = Buffer.from(token);
    for (const s of this.byId.values()) {
      const have = Buffer.from(s.token);
      if (have.length === wanted.length && timingSafeEqual(have, wanted)) {
        // Most recently used last, so eviction takes the idle ones.
        this.byId.delete(s.id);
        this.byId.set(s.id, s);
        return s;
      }
    }
    return undefined;
  }

  anyVisitInProgress(): boolean {
    for (const s of this.byId.values()) if (s.visitInProgress) return true;
    return false;
  }

  remove(session: ClientSession): void {
    this.byId.delete(session.id);
  }
}
