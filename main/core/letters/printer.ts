import { spawn } from 'node:child_process';

/** How long `lp` may take to hand a letter to CUPS (it only queues it; printing goes on after). */
const LP_TIMEOUT_MS = 30_000;
/** Kept of lp's own words for the message: enough to say why, never a flood. */
const MAX_OUTPUT = 2000;

export interface PrintOutcome {
  ok: boolean;
  /** CUPS's request id ("kantor-12") when lp says it; else null. */
  jobId: string | null;
  /** English: what lp said when it failed. */
  error: string | null;
}

/**
 * Sends a PDF to CUPS with `lp -d PRINTER -t TITLE -- FILE`. Never throws: a missing lp, a
 * stopped printer or a timeout is an outcome, and the letter stays issued and kept either way.
 */
export function printWithLp(printer: string, file: string, title: string, command = 'lp'): Promise<PrintOutcome> {
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const finish = (o: PrintOutcome): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(o);
    };
    const child = spawn(command, ['-d', printer, '-t', title.slice(0, 80), '--', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer): void => void (out.length < MAX_OUTPUT && (out += d.toString('utf8')));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, jobId: null, error: `lp did not answer within ${LP_TIMEOUT_MS / 1000} s` });
    }, LP_TIMEOUT_MS);
    child.on('error', (err: NodeJS.ErrnoException) =>
      finish({ ok: false, jobId: null, error: err.code === 'ENOENT' ? 'lp (CUPS) is not installed on this computer' : `cannot run lp: ${err.message}` }),
    );
    child.on('close', (code) => {
      const text = out.trim().slice(0, MAX_OUTPUT);
      if (code === 0) finish({ ok: true, jobId: /request id is (\S+)/.exec(text)?.[1] ?? null, error: null });
      else finish({ ok: false, jobId: null, error: `lp exited with ${code}${text ? `: ${text}` : ''}` });
    });
  });
}
