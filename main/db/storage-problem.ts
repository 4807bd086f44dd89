/** A full disk or an unwritable store, told apart from other failures so the screen can say which. */
export function storageProblem(err: unknown): 'storage_full' | 'storage_read_only' | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'storage_full';
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'storage_read_only';
  return null;
}
