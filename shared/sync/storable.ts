/**
 * Whether a text can be stored as it is by both hub backends: PostgreSQL's text refuses NUL
 * ("invalid byte sequence for encoding UTF8: 0x00") and UTF-8 has no lone surrogates (they
 * would be silently replaced). Records are refused one by one on this, never as a batch.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function storableText(s: string): boolean {
  return !s.includes('\u0000') && !LONE_SURROGATE.test(s);
}
