/**
 * The console API's error codes (the desk's pattern, shared/api/result.ts: a stable code on the
 * wire, an English message for logs, and the UI's Bahasa Indonesia text looked up by the code in
 * the message catalogue, shared/i18n/console-errors-id.ts). The hub may answer only these codes
 * (RouteError and ConsoleError take a ConsoleErrorCode); tests/unit/console/error-texts.test.ts
 * fails when one has no text.
 */
export const CONSOLE_ERROR_CODES = [
  /** A request the schema refused; `fields` names each bad field with its FieldProblem. */
  'bad_request',
  'too_large',
  /** Not logged in, or the session ended (idle logout). */
  'unauthenticated',
  /** The CSRF token is missing or wrong (an old tab, a reloaded session). */
  'csrf',
  'forbidden',
  'not_found',
  'conflict',
  /** Someone else moved it on meanwhile: what the screen shows is out of date. */
  'stale_state',
  'bulk_mixed_states',
  'bulk_size',
  'note_required',
  'agency_required',
  'unknown_agency',
  'bad_credentials',
  'locked',
  'username_taken',
  'catalogue_invalid',
  'internal',
] as const;
export type ConsoleErrorCode = (typeof CONSOLE_ERROR_CODES)[number];

/** What the console itself may add when no answer came (the network, a body that is not JSON). */
export const CONSOLE_CLIENT_CODES = ['offline'] as const;

export function isConsoleErrorCode(code: string): code is ConsoleErrorCode {
  return (CONSOLE_ERROR_CODES as readonly string[]).includes(code);
}

/** Why one field of a request was refused (`error.fields[name]`). */
export const FIELD_PROBLEMS = ['required', 'too_short', 'too_long', 'invalid', 'username_format', 'taken'] as const;
export type FieldProblem = (typeof FIELD_PROBLEMS)[number];

/** A schema issue (zod's issue code) on a field whose value in the request was `value`, as a FieldProblem. */
export function fieldProblemOf(code: string, value: unknown): FieldProblem {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return 'required';
  if (code === 'too_small') return 'too_short';
  if (code === 'too_big') return 'too_long';
  return 'invalid';
}

/** What is wrong with one entry of a refused catalogue, parsed from the schema's English line `file X: field Y: ...`. */
export type CatalogueProblem = 'required' | 'too_long' | 'wrong_type' | 'unknown_key' | 'id_mismatch' | 'duplicate' | 'unknown_agency' | 'format' | 'no_services' | 'not_document' | 'invalid';
export const CATALOGUE_PROBLEMS: readonly CatalogueProblem[] = ['required', 'too_long', 'wrong_type', 'unknown_key', 'id_mismatch', 'duplicate', 'unknown_agency', 'format', 'no_services', 'not_document', 'invalid'];

export interface CatalogueFieldError {
  /** The entry's file name (pengaduan.json, agencies/dinsos.json), null for the document. */
  entry: string | null;
  /** The field path (fields[2].label), null for the whole entry. */
  field: string | null;
  problem: CatalogueProblem;
  /** A number the text needs (the most characters allowed). */
  max: number | null;
  /** The technical line as the hub gave it (English, shown small beside the Bahasa). */
  line: string;
}

export function catalogueFieldError(line: string): CatalogueFieldError {
  const m = /^file (\S+): field ([^:]+): (.*)$/s.exec(line);
  const entry = m?.[1] ?? null;
  const field = m?.[2] ?? null;
  const text = m?.[3] ?? line;
  const max = /at most (\d+)/.exec(text);
  const problem: CatalogueProblem = !m
    ? /no services/.test(text)
      ? 'no_services'
      : /not a \{version|must be a list/.test(text)
        ? 'not_document'
        : 'invalid'
    : /must not be empty|received undefined|Required/i.test(text)
      ? 'required'
      : max && /characters/.test(text)
        ? 'too_long'
        : /^Invalid input: expected/.test(text)
          ? 'wrong_type'
          : /Unrecognized key/.test(text)
            ? 'unknown_key'
            : /must match the file name/.test(text)
              ? 'id_mismatch'
              : /already used by|defined twice/.test(text)
                ? 'duplicate'
                : /no agency "/.test(text)
                  ? 'unknown_agency'
                  : /^use |Invalid string|Invalid option|pattern/.test(text)
                    ? 'format'
                    : 'invalid';
  return { entry, field, problem, max: max ? Number(max[1]) : null, line };
}
