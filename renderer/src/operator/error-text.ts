import { ApiFailure, type ApiError } from '../../../shared/api/result.js';
import { isMessageKey, type MessageKey } from '../../../shared/i18n/index.js';

/** A failed call as the desk shows it: the Bahasa text of its code (the core's message is English, for logs). */
export function errorText(t: (key: MessageKey) => string, err: unknown): string {
  const code = err instanceof ApiFailure ? err.code : err && typeof err === 'object' && 'code' in err ? String((err as ApiError).code) : 'internal';
  const key = `error.${code}`;
  return t(isMessageKey(key) ? key : 'error.internal');
}
