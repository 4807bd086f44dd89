import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A seeded fuzzer: every input comes from one PRNG (mulberry32), so a failure prints its seed
 * and case number and `FUZZ_SEED=<seed>` replays the very same inputs. No external library: the
 * generators are aimed at what breaks this code (lone surrogates, NUL, huge texts, wrong types,
 * deep nesting, prototype keys), not at uniform randomness.
 */
export class Rng {
  private s: number;
  constructor(readonly seed: number) {
    this.s = seed >>> 0;
  }
  /** [0, 1) */
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  bool(p = 0.5): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

/** The seed of this run: FUZZ_SEED when set (to replay a failure), else a fresh one. */
export function fuzzSeed(): number {
  const env = process.env['FUZZ_SEED'];
  return env ? Number(env) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
}

const NASTY_STRINGS = [
  '',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udc00\ud800',
  '\ufeff',
  '\u202e',
  '😀',
  '../../etc/passwd',
  "'; DROP TABLE submissions; --",
  '<script>alert(1)</script>',
  '%00',
  '%s%n',
  '__proto__',
  'constructor',
  'prototype',
  'NaN',
  '-0',
  '1e309',
  '3604051208850001',
  '00000000-0000-4000-8000-000000000000',
  ' ',
  '\r\n',
  'null',
  'undefined',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** A string built to hurt: lone surrogates, NUL, control characters, long runs, known nasties. */
export function nastyString(r: Rng, maxLen = 64): string {
  // Huge texts are rare (1 in 40): they cost time, and one per field is enough to find a missing bound.
  if (r.bool(0.025)) return r.pick(['A', '9', 'é', '\u0000', '😀']).repeat(r.pick([256, 1_001, 4_097, 70_000]));
  switch (r.int(0, 6)) {
    case 0:
    case 3:
      return r.pick(NASTY_STRINGS);
    case 1: {
      // Any UTF-16 code unit, lone surrogates included.
      let s = '';
      for (let i = r.int(0, maxLen); i > 0; i--) s += String.fromCharCode(r.int(0, 0xffff));
      return s;
    }
    case 2: {
      let s = '';
      for (let i = r.int(0, maxLen); i > 0; i--) s += String.fromCharCode(r.pick([0, 1, 0x1b, 0x7f, 0xd800, 0xdfff, 0xfffe, 0x20, 0x41, 0x30 + r.int(0, 9)]));
      return s;
    }
    case 4:
      return `${r.pick(NASTY_STRINGS)}${r.pick(NASTY_STRINGS)}`;
    case 5:
      return String(r.int(0, 9)).repeat(r.int(1, 20));
    default: {
      let s = '';
      for (let i = r.int(1, 24); i > 0; i--) s += String.fromCharCode(r.int(0x20, 0x7e));
      return s;
    }
  }
}

const NUMBERS = [0, -0, 1, -1, 0.5, 2 ** 31, 2 ** 53, -(2 ** 53), Number.MAX_VALUE, Number.MIN_VALUE, Infinity, -Infinity, NaN, 9999, 10_000, 65_535, 65_536];

/** Any JSON-ish value, wrong types and deep nesting included (depth-bounded so it terminates). */
export function nastyValue(r: Rng, depth = 0): unknown {
  const k = r.int(0, depth > 4 ? 5 : 9);
  switch (k) {
    case 0:
      return null;
    case 1:
      return undefined;
    case 2:
      return r.bool();
    case 3:
      return r.pick(NUMBERS);
    case 4:
    case 5:
      return nastyString(r);
    case 6:
      return Array.from({ length: r.int(0, 5) }, () => nastyValue(r, depth + 1));
    case 7:
      return deepNest(r, r.pick([10, 200, 1_500]));
    default:
      return nastyObject(r, depth + 1);
  }
}

/** An object whose keys include the prototype-pollution ones, set as own properties (as JSON.parse would). */
export function nastyObject(r: Rng, depth = 0, keys: readonly string[] = []): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = r.int(0, 5); i > 0; i--) {
    const key = r.bool(0.3) ? r.pick(PROTO_KEYS) : r.bool(0.5) && keys.length ? r.pick(keys) : nastyString(r, 12);
    Object.defineProperty(o, key, { value: nastyValue(r, depth + 1), enumerable: true, configurable: true, writable: true });
  }
  return o;
}

function deepNest(r: Rng, depth: number): unknown {
  let v: unknown = r.bool() ? 1 : 'x';
  for (let i = 0; i < depth; i++) v = r.bool() ? [v] : { a: v };
  return v;
}

/**
 * A value "near" a valid one: most fields kept, one or two replaced by a nasty value, dropped,
 * or joined by an unknown or prototype key. This reaches deeper than pure noise.
 */
export function mutate(r: Rng, valid: unknown, depth = 0): unknown {
  if (depth > 6 || r.bool(0.15)) return nastyValue(r);
  if (Array.isArray(valid)) {
    const a = valid.map((x) => (r.bool(0.3) ? mutate(r, x, depth + 1) : x));
    if (r.bool(0.2)) a.push(nastyValue(r));
    return a;
  }
  if (valid && typeof valid === 'object') {
    const o: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
    const keys = Object.keys(o);
    for (const key of keys) {
      const roll = r.next();
      if (roll < 0.15) delete o[key];
      else if (roll < 0.45) o[key] = mutate(r, o[key], depth + 1);
    }
    if (r.bool(0.25)) Object.defineProperty(o, r.pick([...PROTO_KEYS, nastyString(r, 8)]), { value: nastyValue(r), enumerable: true, configurable: true, writable: true });
    return o;
  }
  return r.bool(0.6) ? nastyValue(r) : valid;
}

/** JSON text that is often not JSON: truncated, with a NUL, deeply nested, or a lone surrogate escape. */
export function nastyJsonText(r: Rng, valid: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(mutate(r, valid)) ?? 'null';
  } catch {
    text = '{}';
  }
  switch (r.int(0, 7)) {
    case 0:
      return text.slice(0, r.int(0, text.length));
    case 1:
      return `${text}\u0000`;
    case 2:
      return `${'['.repeat(r.pick([100, 10_000]))}1${']'.repeat(r.bool() ? 10_000 : 3)}`;
    case 3:
      return text.replace(/"([^"]*)"/, '"\\ud800$1"');
    case 4:
      return r.pick(['', 'null', 'true', '0', '"x"', '[]', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}']);
    default:
      return text;
  }
}

/** Runs one case and labels any failure with what replays it. */
export async function fuzzCase<T>(seed: number, boundary: string, i: number, fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const e = err as Error;
    e.message = `[fuzz ${boundary} case ${i}; replay with FUZZ_SEED=${seed}] ${e.message}`;
    throw e;
  }
}

/** Prototype pollution leaves a trace on Object.prototype: true while it is clean. */
export function prototypeClean(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe['polluted'] === undefined && Object.keys(Object.prototype).length === 0;
}

const OUT_DIR = join(process.cwd(), 'tests/output/hardening');

/**
 * Records one boundary group's counts, then rewrites tests/output/hardening/fuzz.json as the
 * merge of every group's part (the fuzz files run in parallel workers; each writes only its own part).
 */
export function writeFuzzSummary(group: string, seed: number, boundaries: Record<string, { inputs: number; failures: number; [k: string]: number }>): void {
  mkdirSync(OUT_DIR, { recursive: true });
  const part = join(OUT_DIR, `fuzz-part-${group}.json`);
  writeFileSync(part, `${JSON.stringify({ group, seed, at: new Date().toISOString(), boundaries }, null, 2)}\n`);
  const parts = readdirSync(OUT_DIR)
    .filter((f) => f.startsWith('fuzz-part-') && f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(OUT_DIR, f), 'utf8')) as { group: string; seed: number; boundaries: Record<string, { inputs: number; failures: number }> });
  const all: Record<string, unknown> = {};
  let inputs = 0;
  let failures = 0;
  for (const p of parts) {
    for (const [name, b] of Object.entries(p.boundaries)) {
      all[name] = { ...b, seed: p.seed };
      inputs += b.inputs;
      failures += b.failures;
    }
  }
  const tmp = join(OUT_DIR, `fuzz.json.${process.pid}.tmp`);
  writeFileSync(tmp, `${JSON.stringify({ inputs, failures, boundaries: all }, null, 2)}\n`);
  renameSync(tmp, join(OUT_DIR, 'fuzz.json'));
}
