import type { Database } from 'better-sqlite3';
import type { Role } from '../../../shared/api/access.js';

export interface UserRecord {
  id: string;
  username: string;
  name: string;
  role: Role;
  passwordHash: string;
  failedLogins: number;
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

interface Row {
  id: string;
  username: string;
  name: string;
  role: Role;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}

const toUser = (r: Row): UserRecord => ({
  id: r.id,
  username: r.username,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  failedLogins: r.failed_logins,
  lockedUntil: r.locked_until,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  lastLoginAt: r.last_login_at,
});

/** The desk's local accounts (migration 0060). Password checks and lockout rules live in the core. */
export function userQueries(db: Database) {
  const cols = 'id, username, name, role, password_hash, failed_logins, locked_until, disabled, created_at, last_login_at';
  const byName = db.prepare<[string], Row>(`SELECT ${cols} FROM users WHERE username = ?`);
  const byId = db.prepare<[string], Row>(`SELECT ${cols} FROM users WHERE id = ?`);
  const all = db.prepare<[], Row>(`SELECT ${cols} FROM users ORDER BY username`);
  const admins = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0");
  const insert = db.prepare(
    'INSERT INTO users (id, username, name, role, password_hash, created_at, updated_at) VALUES (@id, @username, @name, @role, @passwordHash, @at, @at)',
  );
  const failed = db.prepare('UPDATE users SET failed_logins = failed_logins + 1, locked_until = ?, updated_at = ? WHERE id = ?');
  const loggedIn = db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ?, updated_at = ? WHERE id = ?');
  const unlock = db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?');
  const update = db.prepare(
    'UPDATE users SET name = coalesce(@name, name), role = coalesce(@role, role), disabled = coalesce(@disabled, disabled), ' +
      'password_hash = coalesce(@passwordHash, password_hash), failed_logins = CASE WHEN @passwordHash IS NULL THEN failed_logins ELSE 0 END, ' +
      'locked_until = CASE WHEN @passwordHash IS NULL THEN locked_until ELSE NULL END, updated_at = @at WHERE id = @id',
  );
  return {
    byUsername: (username: string) => {
      const r = byName.get(username);
      return r && toUser(r);
    },
    byId: (id: string) => {
      const r = byId.get(id);
      return r && toUser(r);
    },
    list: () => all.all().map(toUser),
    activeAdmins: () => admins.get()!.n,
    insert: (u: { id: string; username: string; name: string; role: Role; passwordHash: string; at: string }) => void insert.run(u),
    recordFailure: (id: string, lockedUntil: string | null, at: string) => void failed.run(lockedUntil, at, id),
    recordLogin: (id: string, at: string) => void loggedIn.run(at, at, id),
    unlock: (id: string, at: string) => void unlock.run(at, id),
    update: (id: string, patch: { name?: string; role?: Role; disabled?: boolean; passwordHash?: string }, at: string) =>
      update.run({
        id,
        at,
        name: patch.name ?? null,
        role: patch.role ?? null,
        disabled: patch.disabled === undefined ? null : patch.disabled ? 1 : 0,
        passwordHash: patch.passwordHash ?? null,
      }).changes === 1,
  };
}
export type UserQueries = ReturnType<typeof userQueries>;
