/**
 * An untrusted JSON value named in an error message: a number, boolean or null as it is, a string
 * quoted and cut, anything else by its kind. Never String(v): an object whose toString is not a
 * function makes String() throw ("Cannot convert object to primitive value"), which turned a
 * device's bad record into a hub failure (issue 14 fuzz, seed 638761814).
 */
export function valueText(v: unknown, max = 40): string {
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v.length > max ? `${v.slice(0, max)}…` : v);
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}
