import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { EscPosPrinter } from '../../../native/printer/driver.js';
import { DEFAULT_SIM_CARDS } from '../../../native/reader/sim-cards.js';
import { runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/tmp.js';
import { ptyPair } from './helpers.js';
import { cli, controlLine, exitWithin, until, type CliProcess } from './sim-process.js';

// The simulators as services: no terminal, driven through --control sockets, stopped by SIGTERM.
const nik = (i: number): string => DEFAULT_SIM_CARDS[i]!.biodata.nik;

const children: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.length = 0;
  while (cleanups.length > 0) await cleanups.pop()!();
});

function start(args: string[], stdin: 'pipe' | 'ignore' = 'ignore'): CliProcess {
  const p = cli(args, stdin);
  children.push(p.child);
  return p;
}

async function ready(p: CliProcess, what: string): Promise<void> {
  await until(() => p.out().includes(what) || p.child.exitCode !== null, 15_000, what);
  expect(p.child.exitCode, `exited early; stderr: ${p.err()}`).toBeNull();
}

/** `read-card` against the driver end of the line; resolves with the biodata it printed. */
async function readCard(driverSide: string, tap?: () => Promise<void>): Promise<unknown> {
  const reader = start(['read-card', '--reader', `serial:${driverSide}`, '--timeout', '10'], 'ignore');
  if (tap) {
    await sleep(500); // the driver opens the port and PINGs first
    await tap();
  }
  expect(await exitWithin(reader, 12_000)).toBe(0);
  return JSON.parse(reader.out());
}

function scratch(): string {
  const tmp = tempDir('anjungan-sim-');
  cleanups.push(tmp.cleanup);
  return tmp.dir;
}

describe('anjungan sim reader as a service', () => {
  it('keeps running with stdin ignored, takes a card through its control socket, stops on SIGTERM', async () => {
    const line = await ptyPair();
    cleanups.push(line.cleanup);
    const sock = join(scratch(), 'reader.sock');
    const sim = start(['sim', 'reader', '--port', line.b, '--control', sock]);
    await ready(sim, 'sim reader ready');
    await sleep(3000);
    expect(sim.child.exitCode, `exited; stderr: ${sim.err()}`).toBeNull();
    expect(lstatSync(sock).isSocket()).toBe(true);
    expect(lstatSync(sock).mode & 0o777).toBe(0o600);

    let answer = '';
    const card = await readCard(line.a, async () => {
      answer = await controlLine(sock, 'insert 0');
    });
    expect(answer).toBe(`ok inserted ${nik(0)}`);
    expect(card).toEqual(DEFAULT_SIM_CARDS[0]!.biodata);

    expect(await controlLine(sock, 'shake')).toMatch(/^error: unknown command "shake"/);
    expect(await controlLine(sock, 'insert 9')).toMatch(/^error: no simulated card "9"/);
    expect(await controlLine(sock, 'fault sneeze')).toMatch(/^error: fault must be remove-mid-read, /);
    expect(await controlLine(sock, 'status')).toBe(`ok card=${nik(0)} muted=no next-fault=none cards=3`);
    expect(sim.child.exitCode).toBeNull();

    sim.child.kill('SIGTERM');
    expect(await exitWithin(sim, 5000)).toBe(0);
    expect(existsSync(sock)).toBe(false);
  });

  it('--insert N puts that card on at start, EOF on stdin ends nothing, quit on the socket does', async () => {
    const line = await ptyPair();
    cleanups.push(line.cleanup);
    const dir = scratch();
    const sock = join(dir, 'reader.sock');
    // A socket file left by a killed simulator is replaced.
    await staleSocket(sock);
    const sim = start(['sim', 'reader', '--port', line.b, '--insert', '1', '--control', sock], 'pipe');
    sim.child.stdin!.end();
    await ready(sim, 'sim reader ready');
    expect(sim.out()).toContain(`card ${nik(1)} on the reader`);
    expect(await readCard(line.a)).toEqual(DEFAULT_SIM_CARDS[1]!.biodata);
    expect(sim.child.exitCode).toBeNull();

    // A second simulator does not take over a live control socket.
    const second = start(['sim', 'reader', '--port', line.b, '--control', sock]);
    expect(await exitWithin(second, 10_000)).toBe(1);
    expect(second.err()).toContain(`another process is listening on the control socket ${sock}`);
    expect(await controlLine(sock, 'remove')).toBe(`ok removed ${nik(1)}`);

    // Nor a file that is not a socket.
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'keep me');
    const third = start(['sim', 'reader', '--port', line.b, '--control', file]);
    expect(await exitWithin(third, 10_000)).toBe(1);
    expect(existsSync(file)).toBe(true);

    expect(await controlLine(sock, 'quit')).toBe('ok quit');
    expect(await exitWithin(sim, 5000)).toBe(0);
    expect(existsSync(sock)).toBe(false);
  });
});

describe('anjungan sim printer as a service', () => {
  it('runs with stdin ignored; paper out on the control socket shows in DLE EOT, paper ok restores it', async () => {
    const dir = scratch();
    const sock = join(dir, 'printer.sock');
    const sim = start(['sim', 'printer', '--tcp', '0', '--out', join(dir, 'out'), '--control', sock]);
    await ready(sim, 'sim printer ready');
    const port = /tcp:\/\/127\.0\.0\.1:(\d+)/.exec(sim.out())?.[1];
    expect(port).toBeDefined();
    const printer = new EscPosPrinter(`tcp://127.0.0.1:${port}`);
    await sleep(1500);
    expect(sim.child.exitCode).toBeNull();
    expect(await printer.status()).toMatchObject({ online: true, paperEnd: false });

    expect(await controlLine(sock, 'paper out')).toBe('ok paper=out cover=closed online=on ready=no receipts=0');
    expect(await printer.status()).toMatchObject({ online: false, paperEnd: true });
    expect(await controlLine(sock, 'paper wet')).toBe('error: paper must be ok, near-end, out; got "wet"');
    expect(await controlLine(sock, 'paper ok')).toBe('ok paper=ok cover=closed online=on ready=yes receipts=0');
    expect(await printer.status()).toMatchObject({ online: true, paperEnd: false, coverOpen: false });
    expect(await controlLine(sock, 'cover open')).toMatch(/^ok paper=ok cover=open /);
    expect(await printer.status()).toMatchObject({ online: false, coverOpen: true });

    sim.child.kill('SIGTERM');
    expect(await exitWithin(sim, 5000)).toBe(0);
    expect(existsSync(sock)).toBe(false);
  });
});

describe('sim command lines', () => {
  it('answer --help and refuse bad options with a usage message (exit 2)', async () => {
    for (const cmd of ['reader', 'printer']) {
      const help = await runCli(['sim', cmd, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`anjungan sim ${cmd}`);
      expect(help.stdout).toContain('--control SOCKET');
    }
    const cases: [string[], string][] = [
      [['sim', 'reader', '--port', '/dev/null', '--insert', '7'], '--insert: no simulated card "7"'],
      [['sim', 'reader', '--port', '/dev/null', '--control', ''], '--control needs a socket path'],
      [['sim', 'printer', '--tcp', 'x'], '--tcp must be a number'],
      [['sim', 'printer', '--tcp', '0', '--state', 'jammed'], '--state must be paper-out, cover-open or offline'],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).toContain(`anjungan ${args.slice(0, 2).join(' ')} `);
    }
  });
});

/** Leaves a socket file with nobody listening, as a SIGKILLed simulator does. */
async function staleSocket(path: string): Promise<void> {
  const child = spawn(process.execPath, ['-e', "require('net').createServer().listen(process.argv[1], () => process.kill(process.pid, 'SIGKILL'))", path], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => child.once('exit', resolve));
  expect(lstatSync(path).isSocket()).toBe(true);
}
