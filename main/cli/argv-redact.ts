/**
 * Secrets given on the command line anyway (a postgres://user:password@ URL in --db, a
 * --webhook-secret) show to every user in `ps` and /proc/PID/cmdline (issue 14, defect 1).
 * The CLI rewrites its own process title at once, so from its first milliseconds on only the
 * redacted form is left there; the README and the warnings still say to use the environment.
 */
const SECRET_FLAGS = new Set(['--webhook-secret']);
const URL_PASSWORD = /^([a-z][a-z0-9+.-]*:\/\/[^/@:\s]*):[^/@\s]*@/i;

/** argv with every secret replaced by ***; null when it holds none. */
export function redactArgv(argv: readonly string[]): string[] | null {
  let changed = false;
  const out = argv.map((arg, i) => {
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : null;
    if (flag && SECRET_FLAGS.has(flag)) {
      changed = true;
      return `${flag}=***`;
    }
    if (i > 0 && SECRET_FLAGS.has(argv[i - 1]!) && !arg.startsWith('--')) {
      changed = true;
      return '***';
    }
    const value = flag ? arg.slice(eq + 1) : arg;
    if (URL_PASSWORD.test(value)) {
      changed = true;
      return `${flag ? `${flag}=` : ''}${value.replace(URL_PASSWORD, '$1:***@')}`;
    }
    return arg;
  });
  return changed ? out : null;
}

/** Rewrites this process's title (what /proc/PID/cmdline shows) when argv holds a secret. */
export function hideSecretArgs(argv: readonly string[]): boolean {
  const redacted = redactArgv(argv);
  if (!redacted) return false;
  process.title = ['anjungan', ...redacted].join(' ');
  return true;
}
