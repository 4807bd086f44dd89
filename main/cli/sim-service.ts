import { readFileSync } from 'node:fs';
import type { Interface } from 'node:readline';
import { isatty } from 'node:tty';
import { pumpLines, type ControlHandler } from '../../native/control/lines.js';
import { ControlSocket } from '../../native/control/socket.js';
import type { Logger } from '../log.js';

export interface SimServiceOptions {
  /** Answers control lines, from stdin and from the control socket alike. */
  handler: ControlHandler;
  /** The --control PATH, if given. */
  control: string | undefined;
  log: Logger;
  /** Printed on stdout once everything listens (scripts and tests wait for it). */
  ready: string;
  /** Closes the simulator; runs once, on the way out. */
  shutdown: () => Promise<void>;
}

/**
 * Runs a simulator as a service: until SIGTERM, SIGINT or a `quit` line, whatever stdin is (a
 * terminal, a pipe, /dev/null, closed). Control lines are read from stdin while it has any, and
 * from the control socket; EOF on stdin ends nothing.
 */
export async function runSimService(o: SimServiceOptions): Promise<void> {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const onSignal = (signal: NodeJS.Signals): void => {
    o.log.info('stopping', { signal });
    stop();
  };
  // Kept until the simulator is closed: a second SIGTERM (systemd signals the launcher and its
  // child alike) must not kill it halfway through closing its port.
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  // Pending promises do not keep Node alive; a printer on a lost serial line would just exit.
  const keepAlive = setInterval(() => undefined, 2 ** 30);
  // A reader of stdout/stderr that went away (EPIPE) must not take the service down with it.
  const ignore = (): void => undefined;
  process.stdout.on('error', ignore);
  process.stderr.on('error', ignore);
  let socket: ControlSocket | null = null;
  let stdin: Interface | null = null;
  try {
    if (o.control) {
      socket = await ControlSocket.listen(o.control, o.handler, { onQuit: stop, log: o.log });
      process.stdout.write(`control socket ${o.control}\n`);
    }
    stdin = readStdin(o.handler, stop, o.log);
    process.stdout.write(`${o.ready}\n`);
    await stopped;
  } finally {
    if (stdin) {
      stdin.close();
      process.stdin.destroy(); // an open terminal or pipe would keep the process alive
    }
    await socket?.close();
    await o.shutdown();
    clearInterval(keepAlive);
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}

function readStdin(handler: ControlHandler, stop: () => void, log: Logger): Interface | null {
  if (isatty(0) && inBackground()) {
    // Reading the terminal from a background job (`sim reader ... &`) gets the process stopped (SIGTTIN).
    log.info('stdin is the terminal of a background job: control lines only through --control');
    return null;
  }
  process.stdin.on('error', (err) => log.warn('stdin failed; control lines only through --control', { error: err.message }));
  const rl = pumpLines(process.stdin, (reply) => process.stdout.write(reply), handler, stop);
  rl.once('close', () => log.debug('stdin ended; still running'));
  return rl;
}

/** True when this process is not in its terminal's foreground process group (Linux /proc; false elsewhere). */
function inBackground(): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after "(comm)": state ppid pgrp session tty_nr tpgid ...
    const [, , pgrp, , , tpgid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(tpgid) > 0 && pgrp !== tpgid;
  } catch {
    return false;
  }
}
