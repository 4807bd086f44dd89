import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { serveStatic } from '../../host/static.js';
import { APP_ROOT } from '../../paths.js';

/** The console's built files (renderer/console, built by npm run build:console). */
export const CONSOLE_DIR = join(APP_ROOT, 'dist', 'console');

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** /console/... : the single-page console; the API is /console/api (routes.ts). */
export function serveConsole(rest: string, res: ServerResponse): void {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
  serveStatic(CONSOLE_DIR, rest || '/', res);
}
