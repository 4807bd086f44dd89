import { randomUUID } from 'node:crypto';
import { ROLE_PERMISSIONS, type Role } from '../../../shared/api/access.js';
import type { SessionUser, UserView } from '../../../shared/api/calls/auth.js';
import { ApiFailure } from '../../../shared/api/result.js';
import type { Store } from '../../db/store.js';
import type { UserRecord } from '../../db/queries/users.js';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords.js';

/** Failed logins allowed before the account locks; each further failure doubles the wait. */
export const FREE_ATTEMPTS = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 60 * 60_000;

/** How long an account stays locked after its n-th failure in a row (0: not locked). */
export function lockMsAfter(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_ATTEMPTS));
}

export function userView(u: UserRecord, now: Date): UserView {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    locked: u.lockedUntil !== null && u.lockedUntil > now.toISOString(),
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
  };
}

export function sessionUser(u: { userId: string; username: string; name: string; role: Role }): SessionUser {
  return { id: u.userId, username: u.username, name: u.name, role: u.role, permissions: [...ROLE_PERMISSIONS[u.role]] };
}

/**
 * The desk's local accounts: offline logins against scrypt hashes, a lockout that grows with
 * each failure in a row, every outcome audited (the username only, never the password).
 */
export class Accounts {
  constructor(
    private readonly store: Store,
    private readonly now: () => Date,
  ) {}

  async login(username: string, password: string, device: string): Promise<UserRecord> {
    const at = this.now();
    const user = this.store.users.byUsername(username);
    if (!user || user.disabled) {
      await verifyPassword(password, await dummyHash());
      this.store.audit.append(`user:${username}`, 'login.failed', null, { reason: user ? 'disabled' : 'unknown user', device });
      throw new ApiFailure('unauthorized', 'wrong username or password');
    }
    if (user.lockedUntil && user.lockedUntil > at.toISOString()) {
      const retryAfterSeconds = Math.ceil((Date.parse(user.lockedUntil) - at.getTime()) / 1000);
      this.store.audit.append(`${user.role}:${user.username}`, 'login.locked', user.id, { retryAfterSeconds, device });
      throw new ApiFailure('locked', `account locked after repeated failures; try again in ${retryAfterSeconds} s`, { retryAfterSeconds });
    }
    if (!(await verifyPassword(password, user.passwordHash))) {
      const failures = user.failedLogins + 1;
      const lockMs = lockMsAfter(failures);
      const lockedUntil = lockMs > 0 ? new Date(at.getTime() + lockMs).toISOString() : null;
      this.store.transaction(() => {
        this.store.users.recordFailure(user.id, lockedUntil, at.toISOString());
        this.store.audit.append(`${user.role}:${user.username}`, 'login.failed', user.id, { failures, lockedUntil, device });
      });
      if (lockedUntil) throw new ApiFailure('locked', `account locked after ${failures} failed logins; try again in ${lockMs / 1000} s`, { retryAfterSeconds: lockMs / 1000 });
      throw new ApiFailure('unauthorized', 'wrong username or password', { attemptsLeft: FREE_ATTEMPTS - failures });
    }
    this.store.transaction(() => {
      this.store.users.recordLogin(user.id, at.toISOString());
      this.store.audit.append(`${user.role}:${user.username}`, 'login', user.id, { device });
    });
    return user;
  }

  needsSetup(): boolean {
    return this.store.users.activeAdmins() === 0;
  }

  async add(input: { username: string; name: string; role: Role; password: string }, actor: string): Promise<UserRecord> {
    const problem = passwordProblem(input.password);
    if (problem) throw new ApiFailure('invalid_request', problem, { field: 'password' });
    if (this.store.users.byUsername(input.username)) throw new ApiFailure('conflict', `the username ${input.username} is taken`);
    const passwordHash = await hashPassword(input.password);
    const id = randomUUID();
    const at = this.now().toISOString();
    this.store.transaction(() => {
      this.store.users.insert({ id, username: input.username.toLowerCase(), name: input.name, role: input.role, passwordHash, at });
      this.store.audit.append(actor, 'user.add', id, { username: input.username.toLowerCase(), role: input.role });
    });
    return this.store.users.byId(id)!;
  }

  /** The first admin, only while none exists (the first-run screen or `anjungan user add`). */
  async setup(input: { username: string; name: string; password: string }): Promise<UserRecord> {
    if (!this.needsSetup()) throw new ApiFailure('conflict', 'an admin account exists already; ask the admin to add yours');
    return this.add({ ...input, role: 'admin' }, 'setup');
  }

  async update(id: string, patch: { name?: string; role?: Role; disabled?: boolean; password?: string }, actor: string): Promise<UserRecord> {
    const user = this.store.users.byId(id);
    if (!user) throw new ApiFailure('not_found', `no user ${id}`);
    const losesAdmin = user.role === 'admin' && !user.disabled && ((patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true);
    if (losesAdmin && this.store.users.activeAdmins() <= 1) throw new ApiFailure('conflict', 'the last admin cannot be removed or disabled');
    if (patch.password !== undefined) {
      const problem = passwordProblem(patch.password);
      if (problem) throw new ApiFailure('invalid_request', problem, { field: 'password' });
    }
    const passwordHash = patch.password !== undefined ? await hashPassword(patch.password) : undefined;
    const { password: _password, ...rest } = patch;
    this.store.transaction(() => {
      this.store.users.update(id, { ...rest, ...(passwordHash ? { passwordHash } : {}) }, this.now().toISOString());
      this.store.audit.append(actor, 'user.update', id, { fields: Object.keys(patch) });
    });
    return this.store.users.byId(id)!;
  }

  /** An admin lifts a lockout: the failures in a row start again from zero. */
  unlock(id: string, actor: string): UserRecord {
    const user = this.store.users.byId(id);
    if (!user) throw new ApiFailure('not_found', `no user ${id}`);
    this.store.transaction(() => {
      this.store.users.unlock(id, this.now().toISOString());
      this.store.audit.append(actor, 'user.unlock', id, { username: user.username, failures: user.failedLogins });
    });
    return this.store.users.byId(id)!;
  }
}
