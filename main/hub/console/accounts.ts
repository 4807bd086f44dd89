import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { FieldProblem } from '../../../shared/console/errors.js';
import type { HubRole } from '../../../shared/domain/hub-workflow.js';
import { FREE_ATTEMPTS, lockMsAfter } from '../../core/auth/accounts.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../core/auth/passwords.js';
import type { HubBackend } from '../backend.js';
import type { HubUserRow } from './rows.js';
import { appendHubAudit } from './audit.js';

/** A console session ends after this long without a request (idle logout). */
export const IDLE_MS = 15 * 60_000;
/** And after this long in any case. */
export const MAX_SESSION_MS = 12 * 3600_000;

export interface ConsoleUser {
  userId: string;
  username: string;
  role: HubRole;
  agencyId: string | null;
}

export interface ConsoleSession {
  user: ConsoleUser;
  csrf: string;
  tokenHash: string;
}

export class ConsoleAuthError extends Error {
  constructor(
    readonly code: 'bad_credentials' | 'locked' | 'bad_input' | 'username_taken',
    message: string,
    readonly retryAfterSeconds = 0,
    /** bad_input, username_taken: which field of a new account, and what is wrong with it (for the console's Bahasa). */
    readonly fields: Record<string, FieldProblem> = {},
  ) {
    super(message);
  }
}

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;
const AGENCY = /^[a-z0-9][a-z0-9-]{0,79}$/;
const tokenHash = (token: string): string => createHash('sha256').update(`anjungan-console-session:${token}`).digest('hex');
const toUser = (u: HubUserRow): ConsoleUser => ({ userId: u.user_id, username: u.username, role: u.role, agencyId: u.agency_id });

/** Why a new account is refused, or null. Officers, verifiers and heads belong to an agency; the admin to none. */
export function accountProblem(username: string, role: HubRole, agencyId: string | null, password: string): string | null {
  if (!USERNAME.test(username)) return 'a username has 3 to 40 characters: lower-case letters, digits, ".", "_" or "-"';
  if (role !== 'admin' && agencyId === null) return `a ${role} belongs to an agency: give --agency ID`;
  if (agencyId !== null && !AGENCY.test(agencyId)) return 'an agency id is lower-case letters, digits and "-" (as in the catalogue)';
  return passwordProblem(password);
}

/** Every bad field of a new account with its problem (accountProblem says the first in English): what the console shows beside each. */
function accountFields(username: string, role: HubRole, agencyId: string | null, password: string): Record<string, FieldProblem> {
  const f: Record<string, FieldProblem> = {};
  if (!USERNAME.test(username)) f['username'] = username.trim() ? 'username_format' : 'required';
  if (role !== 'admin' && agencyId === null) f['agencyId'] = 'required';
  else if (agencyId !== null && !AGENCY.test(agencyId)) f['agencyId'] = 'invalid';
  if (password.length < MIN_PASSWORD_LENGTH) f['password'] = password ? 'too_short' : 'required';
  else if (password.length > MAX_PASSWORD_LENGTH) f['password'] = 'too_long';
  return f;
}

/** Hub accounts, logins (scrypt and the desk's lockout rule) and cookie sessions, audited. */
export function consoleAccounts(backend: HubBackend) {
  return {
    async addUser(username: string, role: HubRole, agencyId: string | null, password: string, actor: string): Promise<ConsoleUser> {
      const problem = accountProblem(username, role, agencyId, password);
      if (problem) throw new ConsoleAuthError('bad_input', problem, 0, accountFields(username, role, agencyId, password));
      const row = { user_id: randomUUID(), username, role, agency_id: agencyId, password_hash: await hashPassword(password), created_at: new Date().toISOString() };
      const ok = await backend.transaction(async (q) => {
        if (!(await q.insertUser(row))) return false;
        await appendHubAudit(q, actor, 'user.add', row.user_id, { username, role, agencyId }, row.created_at);
        return true;
      });
      if (!ok) throw new ConsoleAuthError('username_taken', `username ${username} is taken`, 0, { username: 'taken' });
      return toUser({ ...row, failures: 0, locked_until: null, disabled_at: null });
    },

    async login(username: string, password: string, from: string): Promise<{ token: string; session: ConsoleSession }> {
      const at = new Date();
      const iso = at.toISOString();
      if (password.length > MAX_PASSWORD_LENGTH || username.length > 40) throw new ConsoleAuthError('bad_credentials', 'wrong username or password');
      const user = await backend.run((q) => q.userByUsername(username));
      if (!user || user.disabled_at) {
        await verifyPassword(password, await dummyHash());
        await backend.transaction((q) => appendHubAudit(q, `anon:${from}`, 'login.failed', null, { username: username.slice(0, 40) }, iso));
        throw new ConsoleAuthError('bad_credentials', 'wrong username or password');
      }
      const actor = `${user.role}:${user.username}`;
      if (user.locked_until && user.locked_until > iso) {
        const retry = Math.ceil((Date.parse(user.locked_until) - at.getTime()) / 1000);
        await backend.transaction((q) => appendHubAudit(q, actor, 'login.locked', user.user_id, { from, retryAfterSeconds: retry }, iso));
        throw new ConsoleAuthError('locked', `account locked after repeated failures; try again in ${retry} s`, retry);
      }
      if (!(await verifyPassword(password, user.password_hash))) {
        const failures = user.failures + 1;
        const lockMs = lockMsAfter(failures);
        const lockedUntil = lockMs > 0 ? new Date(at.getTime() + lockMs).toISOString() : null;
        await backend.transaction(async (q) => {
          await q.setLoginFailures(user.user_id, failures, lockedUntil);
          await appendHubAudit(q, actor, 'login.failed', user.user_id, { from, failures, lockedUntil }, iso);
        });
        if (lockedUntil) throw new ConsoleAuthError('locked', `account locked after ${failures} failed logins; try again in ${lockMs / 1000} s`, lockMs / 1000);
        throw new ConsoleAuthError('bad_credentials', `wrong username or password (${Math.max(0, FREE_ATTEMPTS - failures)} attempts left before a lock)`);
      }
      const token = randomBytes(32).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      const th = tokenHash(token);
      await backend.transaction(async (q) => {
        if (user.failures) await q.setLoginFailures(user.user_id, 0, null);
        await q.insertSession({ token_hash: th, user_id: user.user_id, csrf, created_at: iso, last_seen_at: iso });
        await appendHubAudit(q, actor, 'login', user.user_id, { from }, iso);
      });
      return { token, session: { user: toUser(user), csrf, tokenHash: th } };
    },

    /** The live session a cookie token names (touched), or null when unknown, ended, idle too long or the account is gone. */
    async session(token: string | undefined): Promise<ConsoleSession | null> {
      if (!token || token.length > 100) return null;
      const th = tokenHash(token);
      const s = await backend.run((q) => q.selectSession(th));
      const now = Date.now();
      if (!s || s.ended_at) return null;
      if (now - Date.parse(s.last_seen_at) > IDLE_MS || now - Date.parse(s.created_at) > MAX_SESSION_MS) {
        await backend.transaction(async (q) => {
          await q.endSession(th, new Date(now).toISOString());
          await appendHubAudit(q, 'system', 'logout.idle', s.user_id, null, new Date(now).toISOString());
        });
        return null;
      }
      const user = await backend.run((q) => q.userById(s.user_id));
      if (!user || user.disabled_at) return null;
      // One write a minute is enough for the idle clock.
      if (now - Date.parse(s.last_seen_at) > 60_000) await backend.run((q) => q.touchSession(th, new Date(now).toISOString()));
      return { user: toUser(user), csrf: s.csrf, tokenHash: th };
    },

    async logout(session: ConsoleSession): Promise<void> {
      const at = new Date().toISOString();
      await backend.transaction(async (q) => {
        await q.endSession(session.tokenHash, at);
        await appendHubAudit(q, actorOf(session.user), 'logout', session.user.userId, null, at);
      });
    },

    async users(limit: number): Promise<ConsoleUser[]> {
      return (await backend.run((q) => q.users(limit))).map(toUser);
    },
  };
}

export type ConsoleAccounts = ReturnType<typeof consoleAccounts>;

export function actorOf(u: ConsoleUser): string {
  return `${u.role}:${u.username}`;
}
