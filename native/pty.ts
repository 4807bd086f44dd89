import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A virtual null-modem cable: socat joins two ptys and exposes them as stable symlinks, so a
 * driver and a simulator talk over a real tty line. Killing socat is "pulling the cable";
 * start() again with the same links is plugging it back in (the pts numbers change, the links do not).
 */
export class PtyPair {
  private child: ChildProcess | null = null;

  constructor(
    readonly linkA: string,
    readonly linkB: string,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  async start(timeoutMs = 5000): Promise<void> {
    if (this.child) return;
    const child = spawn('socat', [`pty,raw,echo=0,link=${this.linkA}`, `pty,raw,echo=0,link=${this.linkB}`], {
      stdio: 'ignore',
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
    spawnError.catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    while (!(existsSync(this.linkA) && existsSync(this.linkB))) {
      if (this.child !== child) throw new Error('socat exited before creating the pty links');
      if (Date.now() > deadline) {
        await this.stop();
        throw new Error(`socat did not create ${this.linkA} and ${this.linkB} within ${timeoutMs} ms`);
      }
      await Promise.race([sleep(10), spawnError]);
    }
  }

  /** Ends socat and waits for it (so the links are gone and no process is left behind). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    this.child = null;
  }
}
