import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../log.js';

/**
 * systemd's notify protocol without a native module: one long-lived `socat` (already a deb
 * dependency) holds a datagram socket to $NOTIFY_SOCKET and each line written to it is one
 * message. A short-lived `systemd-notify` per ping can race systemd's lookup of its sender; a
 * process that lives as long as the app cannot. READY=1 once the core is healthy, then
 * WATCHDOG=1 at half the unit's WatchdogSec.
 */
export interface Watchdog {
  ready(): void;
  stop(): void;
}

export function startWatchdog(o: { socket: string | undefined; watchdogUsec: string | undefined; log: Logger; socat?: string }): Watchdog | null {
  if (!o.socket) return null;
  const address = o.socket.startsWith('@') ? `ABSTRACT-SENDTO:${o.socket.slice(1)}` : `UNIX-SENDTO:${o.socket}`;
  let child: ChildProcess | null = spawn(o.socat ?? 'socat', ['-u', 'STDIN', address], { stdio: ['pipe', 'ignore', 'pipe'] });
  child.on('error', (err) => {
    o.log.warn('systemd watchdog unavailable (socat)', { error: err });
    child = null;
  });
  child.on('exit', () => (child = null));
  const send = (line: string): void => void child?.stdin?.write(`${line}\n`);
  const usec = Number(o.watchdogUsec ?? '0');
  let timer: NodeJS.Timeout | null = null;
  return {
    ready() {
      send('READY=1');
      if (usec > 0 && !timer) {
        timer = setInterval(() => send('WATCHDOG=1'), Math.max(1000, usec / 2000));
        timer.unref();
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      send('STOPPING=1');
      child?.stdin?.end();
    },
  };
}
