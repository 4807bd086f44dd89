import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const LAUNCHER = resolve(import.meta.dirname, '..', '..', 'main', 'cli', 'launcher.cjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `anjungan ARGS` (the built CLI) to completion; `input`, when given, is written to its stdin. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 60_000, input?: string): Promise<CliResult> {
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    if (input !== undefined) child.stdin!.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`anjungan ${args.join(' ')} timed out\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
