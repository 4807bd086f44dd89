import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Permission } from '../../../../shared/api/access.js';
import type { AuthStatus, SessionUser } from '../../../../shared/api/calls/auth.js';
import { call } from '../../api/client.js';

interface DeskSession {
  user: SessionUser;
  can: (p: Permission) => boolean;
  logout: () => void;
}

const DeskContext = createContext<DeskSession | undefined>(undefined);

/** The logged-in desk user, for panels that show or hide by permission. */
export function useDesk(): DeskSession {
  const ctx = useContext(DeskContext);
  if (!ctx) throw new Error('useDesk outside the desk gate');
  return ctx;
}

export type GateState =
  | { kind: 'loading' }
  | { kind: 'setup' }
  | { kind: 'login'; locked: boolean }
  | { kind: 'in'; status: AuthStatus & { user: SessionUser } };

/**
 * The desk's door: first-run setup while no admin exists, the login, and the idle lock (after
 * the configured minutes without a key or a click the desk logs out; the core enforces the same
 * limit itself, so a page left open cannot outlive it).
 */
export function useDeskGate(): { state: GateState; signedIn: (s: AuthStatus) => void; lock: () => void } {
  const [state, setState] = useState<GateState>({ kind: 'loading' });
  const apply = useCallback((s: AuthStatus, locked = false) => {
    if (s.user) setState({ kind: 'in', status: { ...s, user: s.user } });
    else setState(s.needsSetup ? { kind: 'setup' } : { kind: 'login', locked });
  }, []);
  useEffect(() => {
    void call('auth:status', {}).then((s) => apply(s));
  }, [apply]);
  const lock = useCallback(() => {
    void call('auth:logout', {}).then((s) => apply(s, true), () => setState({ kind: 'login', locked: true }));
  }, [apply]);
  const idleSeconds = state.kind === 'in' ? state.status.idleLockSeconds : 0;
  useIdle(idleSeconds, lock);
  return { state, signedIn: (s) => apply(s), lock };
}

function useIdle(seconds: number, onIdle: () => void): void {
  const last = useRef(Date.now());
  useEffect(() => {
    if (seconds <= 0) return;
    last.current = Date.now();
    const touch = (): void => {
      last.current = Date.now();
    };
    for (const e of ['keydown', 'pointerdown', 'wheel'] as const) window.addEventListener(e, touch, true);
    const timer = setInterval(() => {
      if (Date.now() - last.current > seconds * 1000) onIdle();
    }, 1000);
    return () => {
      clearInterval(timer);
      for (const e of ['keydown', 'pointerdown', 'wheel'] as const) window.removeEventListener(e, touch, true);
    };
  }, [seconds, onIdle]);
}

export function DeskProvider({ status, onLogout, children }: { status: AuthStatus & { user: SessionUser }; onLogout: () => void; children: ReactNode }) {
  const value: DeskSession = {
    user: status.user,
    can: (p) => status.user.permissions.includes(p),
    logout: onLogout,
  };
  return <DeskContext.Provider value={value}>{children}</DeskContext.Provider>;
}
