/**
 * Whether a text can be stored as it is by both hub backends: PostgreSQL's text refuses NUL
 * ("invalid byte sequence for encoding UTF8: 0x00") and UTF-8 has no lone surrogates (they
 * would be silently replaced). Records are refused one by one on this, never as a batch.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function storableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}

/** Deepest nesting a record may have: SQLite's JSON functions stop at 1000 levels; no submission needs more than a few. */
export const MAX_RECORD_DEPTH = 64;

/**
 * Why a parsed record cannot be stored the same way by both hub backends, or null when it can:
 * every key and string anywhere in it must pass storableText (PostgreSQL's JSON functions refuse
 * an escaped lone surrogate anywhere in the text, and \u0000 as text), and its nesting must stay
 * within MAX_RECORD_DEPTH (SQLite calls deeper JSON malformed). Iterative, so no input can
 * exhaust the stack.
 */
export function unstorableReason(record: unknown): string | null {
  const stack: { v: unknown; depth: number }[] = [{ v: record, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (!storableText(v)) return 'it holds text a database cannot store (a NUL character or a lone surrogate)';
    } else if (v !== null && typeof v === 'object') {
      if (depth >= MAX_RECORD_DEPTH) return `it is nested deeper than ${MAX_RECORD_DEPTH} levels`;
      if (Array.isArray(v)) for (const x of v) stack.push({ v: x, depth: depth + 1 });
      else
        for (const [k, x] of Object.entries(v)) {
          if (!storableText(k)) return 'it holds a member name a database cannot store (a NUL character or a lone surrogate)';
          stack.push({ v: x, depth: depth + 1 });
        }
    }
  }
  return null;
}

/** A JSON escape that may decode to NUL or to half of a surrogate pair (so to a lone one). */
const RISKY_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/**
 * unstorableReason of a record given with its JSON text, deciding from the text alone when it can
 * (the hub's ingest: a walk of every record's members cost as much as parsing it). A text without
 * NUL, lone surrogates and escapes that could decode to either holds no such string or key once
 * parsed; one with at most MAX_RECORD_DEPTH braces and brackets (inside strings counted too) nests
 * no deeper. Any other text is walked as before.
 */
export function recordUnstorableReason(text: string, record: unknown): string | null {
  if (storableText(text) && !RISKY_ESCAPE.test(text) && containersAtMost(text, MAX_RECORD_DEPTH)) return null;
  return unstorableReason(record);
}

function containersAtMost(text: string, limit: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c === 0x7b || c === 0x5b) && ++n > limit) return false;
  }
  return true;
}
