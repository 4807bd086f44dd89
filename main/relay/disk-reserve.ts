import { closeSync, existsSync, fsyncSync, openSync, statfsSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from '../log.js';

/** Spare bytes kept beside the relay's database: enough to record a few hub acks and fold the WAL. */
export const RESERVE_FILE_BYTES = 256 * 1024;

/**
 * A file of spare bytes beside the relay's database. When the disk fills anyway (uploads in
 * flight, the WAL), nothing can be written, not even the hub's ack that would free a held
 * body; giving these bytes back lets the relay record the ack, free the body and fold the
 * WAL, so it recovers by itself. It takes the reserve again once the disk has room.
 */
export function diskReserve(path: string, log: Logger, bytes = RESERVE_FILE_BYTES) {
  const free = (): number => {
    try {
      const s = statfsSync(dirname(path));
      return s.bavail * s.bsize;
    } catch {
      return 0;
    }
  };
  return {
    /** Makes the reserve when it is missing and the disk has room for it twice over. */
    ensure(): boolean {
      if (existsSync(path)) return true;
      if (free() < bytes * 2) return false;
      let fd: number | null = null;
      try {
        fd = openSync(path, 'wx', 0o600);
        writeSync(fd, Buffer.alloc(bytes));
        fsyncSync(fd);
        return true;
      } catch (err) {
        if (fd !== null) closeSync(fd);
        fd = null;
        try {
          unlinkSync(path);
        } catch {
          // nothing was made
        }
        log.warn('relay: could not make its disk reserve', { path, error: err instanceof Error ? err.message : String(err) });
        return false;
      } finally {
        if (fd !== null) closeSync(fd);
      }
    },
    /** Gives the bytes back to the disk; false when there was no reserve left to give. */
    release(): boolean {
      if (!existsSync(path)) return false;
      unlinkSync(path);
      log.warn('relay: disk full; its reserve is released to record the hub\'s acks and free space', { path, bytes });
      return true;
    },
  };
}
export type DiskReserve = ReturnType<typeof diskReserve>;

/** A write that failed because the disk (or the database's quota) is full. */
export function isStorageFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'SQLITE_FULL' || code === 'ENOSPC';
}
