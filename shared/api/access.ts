/**
 * Who may call what. Every call in the contract declares the access it needs (the type makes it
 * required, so a call without one does not compile); the dispatcher enforces it for the caller's
 * principal, and tests/unit/core/access.test.ts tries every call from every principal.
 *
 * - 'open': anyone holding a session of this device (the kiosk page, the desk before login):
 *   what a screen needs to draw itself, nothing about a resident.
 * - 'resident': the resident's own flow at a kiosk (no login). Calls that touch a stored
 *   submission check in the handler that it is the session's own.
 * - 'display': the waiting-room display (a page opened with mode=display, no login): the queue's
 *   board and call audio, numbers only.
 * - a permission: a logged-in desk user whose role grants it.
 */

/** Roles of the desk's local accounts. */
export const ROLES = ['operator', 'verifier', 'signatory', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Enter walk-in requests; read card and typed-NIK identity at the desk. */
  'requests.create',
  /** Open a resident's request (each view is audited). */
  'requests.read',
  /** Search the register (each search is audited). */
  'requests.search',
  /** Move a request along the desa workflow (which moves depends on the role). */
  'workflow.move',
  /** Issue and print letters; number them. */
  'letters.issue',
  /** Receipts: print queue, reprint. */
  'print.manage',
  /** Reports of the office's work (no personal data). */
  'reports.read',
  /** Sync panel: backlog, send now. */
  'sync.run',
  /** Device states in detail and device settings. */
  'devices.manage',
  /** Office settings, device role, catalogue reload. */
  'settings.manage',
  /** Local accounts. */
  'users.manage',
  /** Read and export the audit log. */
  'audit.read',
  /** Work a queue counter (loket): call, recall, start, finish, no-show, transfer, cancel. */
  'queue.serve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export type Access = 'open' | 'resident' | 'display' | Permission;

/** What each role may do. The admin is the office's technician, not a super-operator. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  operator: ['requests.create', 'requests.read', 'requests.search', 'workflow.move', 'letters.issue', 'print.manage', 'sync.run', 'queue.serve'],
  verifier: ['requests.create', 'requests.read', 'requests.search', 'workflow.move', 'letters.issue', 'print.manage', 'reports.read', 'sync.run', 'queue.serve'],
  signatory: ['requests.read', 'requests.search', 'workflow.move', 'letters.issue', 'reports.read'],
  admin: ['reports.read', 'sync.run', 'devices.manage', 'settings.manage', 'users.manage', 'audit.read', 'print.manage'],
};

/** The caller of one API call, as the transport established it. */
export type Principal =
  /** A resident at a kiosk-role device: no login, limited to their own session. */
  | { kind: 'resident' }
  /** Nobody yet: a desk page before login. */
  | { kind: 'anonymous' }
  /** The waiting-room display: a page opened with mode=display (never logged in). */
  | { kind: 'display' }
  | { kind: 'user'; userId: string; username: string; name: string; role: Role }
  /** The core's own process (CLI commands, tests, benchmarks). */
  | { kind: 'internal' };

export function mayCall(principal: Principal, access: readonly Access[]): boolean {
  if (principal.kind === 'internal') return true;
  return access.some((a) => {
    if (a === 'open') return true;
    if (a === 'resident') return principal.kind === 'resident';
    if (a === 'display') return principal.kind === 'display';
    return principal.kind === 'user' && ROLE_PERMISSIONS[principal.role].includes(a);
  });
}

/** A name for the audit log: "operator:siti", "resident", "cli". */
export function actorOf(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `${principal.role}:${principal.username}`;
    case 'internal':
      return 'internal';
    default:
      return principal.kind;
  }
}
