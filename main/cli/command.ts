import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_SOCKET_PATH } from '../../native/control/socket.js';

/** One `anjungan` sub-command. `run` returns the exit code; a long-running one resolves when it stops. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** node:util parseArgs with strict checking; errors become UsageError with a plain English message. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function parsePort(value: string | undefined, fallback: number, option = '--port'): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${option} must be a number from 0 to 65535, got "${value}"`);
  return n;
}

/** A Unix-domain socket path (--control); the kernel refuses longer ones with a less clear error. */
export function parseSocketPath(value: string | undefined, option = '--control'): string | undefined {
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new UsageError(`${option} needs a socket path`);
  if (Buffer.byteLength(value) > MAX_SOCKET_PATH) throw new UsageError(`${option} path is longer than ${MAX_SOCKET_PATH} bytes (the Unix socket limit): ${value}`);
  return value;
}
