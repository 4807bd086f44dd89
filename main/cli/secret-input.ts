import { createInterface } from 'node:readline';

/**
 * A secret (a password) for a CLI command: typed at a prompt that does not echo when stdin is a
 * terminal, otherwise the first line of stdin (scripts: `echo "$PW" | anjungan user add ...`).
 * Never from a flag: flags show in `ps` and in /proc/PID/cmdline to every user.
 */
export async function readSecret(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  const stdin = process.stdin;
  // Echo off before the prompt shows: a password typed or pasted the moment it appears must not echo.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.resume();
  let value = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        for (const ch of chunk.toString('utf8')) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            resolve(value);
            return;
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            reject(new Error('cancelled'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}
