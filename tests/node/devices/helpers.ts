import { join } from 'node:path';
import { PtyPair } from '../../../native/pty.js';
import type { NativeLogger } from '../../../native/logger.js';
import type { ReaderDriver, ReaderEvents } from '../../../native/reader/driver.js';
import { tempDir } from '../../helpers/tmp.js';

/** Logs only when ANJUNGAN_TEST_LOG is set, so a failing test can be rerun with the driver's view. */
export const testLog: NativeLogger = process.env['ANJUNGAN_TEST_LOG']
  ? { info: (m, f) => console.log('INFO', m, f ?? ''), warn: (m, f) => console.log('WARN', m, f ?? ''), error: (m, f) => console.log('ERROR', m, f ?? '') }
  : { info() {}, warn() {}, error() {} };

/** A socat pty pair under a fresh temp dir: a = driver side, b = simulator side. */
export async function ptyPair(): Promise<{ pty: PtyPair; a: string; b: string; cleanup: () => Promise<void> }> {
  const tmp = tempDir('anjungan-pty-');
  const pty = new PtyPair(join(tmp.dir, 'reader'), join(tmp.dir, 'sim'));
  await pty.start();
  return {
    pty,
    a: pty.linkA,
    b: pty.linkB,
    cleanup: async () => {
      await pty.stop();
      tmp.cleanup();
    },
  };
}

/** Resolves with the next `name` event that passes `match` (rejects after timeoutMs). */
export function nextEvent<E extends keyof ReaderEvents>(
  driver: ReaderDriver,
  name: E,
  match: (...args: ReaderEvents[E]) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<ReaderEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      driver.off(name, listener as never);
      reject(new Error(`no ${String(name)} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: ReaderEvents[E]): void => {
      if (!match(...args)) return;
      clearTimeout(timer);
      driver.off(name, listener as never);
      resolve(args);
    };
    driver.on(name, listener as never);
  });
}

/** Collects every event of the driver, for assertions on what the UI would have been told. */
export function record(driver: ReaderDriver): { name: string; args: unknown[] }[] {
  const log: { name: string; args: unknown[] }[] = [];
  for (const name of ['connected', 'disconnected', 'card-present', 'card-removed', 'card-read', 'card-uid', 'error', 'state'] as const) {
    driver.on(name, (...args: unknown[]) => log.push({ name, args }));
  }
  return log;
}
