import { catalogueFieldError, isConsoleErrorCode, type ConsoleErrorCode } from '../../../shared/console/errors.js';
import { consoleId, ct, type ConsoleKey } from '../../../shared/i18n/console-id.js';
import { ConsoleApiError } from './api.js';

/** A failed call as the console shows it, in Bahasa Indonesia: the text of its code, each bad field by name. */
export interface ErrorView {
  text: string;
  /** Field name → what is wrong with it ("wajib diisi"), to show beside the field. */
  fields: Record<string, string>;
  /** The same per field ("Kata sandi: terlalu pendek"), or a refused catalogue's entries, as lines under the text. */
  lines: string[];
}

const byStatus = (status: number): ConsoleErrorCode | 'offline' =>
  status === 0 ? 'offline' : status === 400 ? 'bad_request' : status === 401 ? 'unauthenticated' : status === 403 ? 'forbidden' : status === 404 ? 'not_found' : status === 409 ? 'conflict' : status === 413 ? 'too_large' : 'internal';

const has = (key: string): key is ConsoleKey => Object.prototype.hasOwnProperty.call(consoleId, key);

/** The field's name in Bahasa ("ids.0" is "ids"'s); a field the console does not know keeps its name. */
export function fieldLabel(path: string): string {
  const key = `console.field.${path.split('.')[0]}`;
  return has(key) ? ct(key) : path;
}

export function consoleError(err: unknown): ErrorView {
  if (!(err instanceof ConsoleApiError)) return { text: ct('console.err.internal'), fields: {}, lines: [] };
  const code = err.code === 'offline' || isConsoleErrorCode(err.code) ? err.code : byStatus(err.status);
  const text = ct(`console.err.${code}`, { seconds: err.retryAfterSeconds || '…' });
  const fields: Record<string, string> = {};
  const lines: string[] = [];
  for (const [path, problem] of Object.entries(err.fields)) {
    const key = `console.fieldProblem.${problem}`;
    fields[path.split('.')[0]!] = has(key) ? ct(key) : ct('console.fieldProblem.invalid');
    lines.push(ct('console.err.field', { field: fieldLabel(path), problem: fields[path.split('.')[0]!]! }));
  }
  for (const line of err.errors) {
    const e = catalogueFieldError(line);
    const problem = ct(`console.cat.${e.problem}`, { max: e.max ?? '' });
    lines.push(e.entry && e.field ? ct('console.cat.where', { entry: e.entry, field: e.field, problem }) : e.entry ? ct('console.cat.whole', { entry: e.entry, problem }) : ct('console.cat.document', { problem }));
  }
  return { text, fields, lines };
}

/** The whole of it as one line of text (a status line). */
export function errorText(err: unknown): string {
  const v = consoleError(err);
  return [v.text, ...v.lines].join(' ');
}
