import { z } from 'zod';
import { call } from '../define.js';
import { ROLES, type Permission, type Role } from '../access.js';

export const Username = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[a-z0-9._-]+$/i, 'a username uses letters, digits, ".", "_" or "-"');
const Password = z.string().min(1).max(200);

export interface SessionUser {
  id: string;
  username: string;
  name: string;
  role: Role;
  permissions: Permission[];
}

export interface AuthStatus {
  user: SessionUser | null;
  /** No admin account exists yet: the desk shows the first-run screen. */
  needsSetup: boolean;
  /** The desk locks after this many seconds without a key or a touch. */
  idleLockSeconds: number;
}

export interface UserView {
  id: string;
  username: string;
  name: string;
  role: Role;
  disabled: boolean;
  locked: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export const authCalls = {
  'auth:status': call<AuthStatus>()(['open'], z.object({}).strict()),
  /** Wrong password or unknown user: `unauthorized`; too many failures: `locked` with details.retryAfterSeconds. */
  'auth:login': call<AuthStatus>()(['open'], z.object({ username: Username, password: Password }).strict()),
  'auth:logout': call<AuthStatus>()(['open'], z.object({}).strict()),
  /** First run: creates the first admin; refused (conflict) once any admin exists. */
  'auth:setup': call<AuthStatus>()(
    ['open'],
    z.object({ username: Username, name: z.string().trim().min(2).max(120), password: Password }).strict(),
  ),
  'users:list': call<{ items: UserView[] }>()(['users.manage'], z.object({}).strict()),
  'users:add': call<UserView>()(
    ['users.manage'],
    z.object({ username: Username, name: z.string().trim().min(2).max(120), role: z.enum(ROLES), password: Password }).strict(),
  ),
  'users:update': call<UserView>()(
    ['users.manage'],
    z
      .object({
        id: z.string().uuid(),
        name: z.string().trim().min(2).max(120).optional(),
        role: z.enum(ROLES).optional(),
        disabled: z.boolean().optional(),
        password: Password.optional(),
      })
      .strict(),
  ),
  /** Lifts a lockout after repeated failed logins (the failure count starts again); audited. */
  'users:unlock': call<UserView>()(['users.manage'], z.object({ id: z.string().uuid() }).strict()),
};
