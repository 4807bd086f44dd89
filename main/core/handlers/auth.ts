import { actorOf } from '../../../shared/api/access.js';
import type { AuthStatus, authCalls } from '../../../shared/api/calls/auth.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { sessionUser, userView } from '../auth/accounts.js';
import type { Handlers, HandlerContext } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function authHandlers(s: CoreServices): Pick<Handlers, keyof typeof authCalls> {
  const status = (ctx: HandlerContext): AuthStatus => ({
    user: ctx.principal.kind === 'user' ? sessionUser(ctx.principal) : null,
    needsSetup: s.accounts.needsSetup(),
    idleLockSeconds: s.settings.get().deskLockMinutes * 60,
  });
  const sessionOf = (ctx: HandlerContext) => {
    if (!ctx.session) throw new ApiFailure('invalid_request', 'log in from a desk page or window, not in-process');
    return ctx.session;
  };
  const signIn = (ctx: HandlerContext, u: { id: string; username: string; name: string; role: 'operator' | 'verifier' | 'signatory' | 'admin' }): AuthStatus => {
    const login = { userId: u.id, username: u.username, name: u.name, role: u.role };
    sessionOf(ctx).signIn(login, Date.now());
    return status({ ...ctx, principal: { kind: 'user', ...login } });
  };
  return {
    'auth:status': (_req, ctx) => status(ctx),
    'auth:login': async (req, ctx) => {
      const session = sessionOf(ctx);
      const user = await s.accounts.login(req.username, req.password, s.deviceId);
      return signIn({ ...ctx, session }, user);
    },
    'auth:logout': (_req, ctx) => {
      const was = ctx.session?.signOut();
      if (was) s.store.audit.append(`${was.role}:${was.username}`, 'logout', was.userId);
      return status({ ...ctx, principal: { kind: 'anonymous' } });
    },
    'auth:setup': async (req, ctx) => {
      const user = await s.accounts.setup(req);
      return signIn(ctx, user);
    },
    'users:list': () => ({ items: s.store.users.list().map((u) => userView(u, s.now())) }),
    'users:add': async (req, ctx) => userView(await s.accounts.add(req, actorOf(ctx.principal)), s.now()),
    'users:update': async (req, ctx) => {
      const { id, ...patch } = req;
      return userView(await s.accounts.update(id, patch, actorOf(ctx.principal)), s.now());
    },
    'users:unlock': (req, ctx) => userView(s.accounts.unlock(req.id, actorOf(ctx.principal)), s.now()),
  };
}
