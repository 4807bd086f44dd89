/**
 * Edits of JSON object text that keep everything else byte for byte (numbers, escapes, key
 * order), so a record imported from JSONL is carried and exported losslessly: the attachment's
 * base64 member is cut out before the record travels and put back on export.
 * The input must already be valid JSON (callers JSON.parse it first).
 */
interface Member {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

function skipWs(t: string, i: number): number {
  while (i < t.length && (t[i] === ' ' || t[i] === '\n' || t[i] === '\r' || t[i] === '\t')) i++;
  return i;
}

function skipString(t: string, i: number): number {
  // t[i] === '"'
  i++;
  while (i < t.length) {
    const c = t[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else i++;
  }
  throw new Error('unterminated string');
}

function skipValue(t: string, i: number): number {
  const c = t[i];
  if (c === '"') return skipString(t, i);
  if (c === '{' || c === '[') {
    const close = c === '{' ? '}' : ']';
    i = skipWs(t, i + 1);
    if (t[i] === close) return i + 1;
    for (;;) {
      if (c === '{') {
        i = skipString(t, i);
        i = skipWs(t, i);
        i = skipWs(t, i + 1); // ':'
      }
      i = skipWs(t, skipValue(t, i));
      if (t[i] === ',') i = skipWs(t, i + 1);
      else if (t[i] === close) return i + 1;
      else throw new Error(`unexpected ${t[i]} at ${i}`);
    }
  }
  while (i < t.length && !',}] \n\r\t'.includes(t[i]!)) i++;
  return i;
}

/** The members of the object starting at `start` (index of '{'), and the index of its '}'. */
function members(t: string, start: number): { list: Member[]; close: number } {
  const list: Member[] = [];
  let i = skipWs(t, start + 1);
  if (t[i] === '}') return { list, close: i };
  for (;;) {
    const keyStart = i;
    const keyEnd = skipString(t, i);
    const key = JSON.parse(t.slice(keyStart, keyEnd)) as string;
    i = skipWs(t, skipWs(t, keyEnd) + 1);
    const valueStart = i;
    const valueEnd = skipValue(t, i);
    list.push({ key, keyStart, valueStart, valueEnd });
    i = skipWs(t, valueEnd);
    if (t[i] === ',') i = skipWs(t, i + 1);
    else if (t[i] === '}') return { list, close: i };
    else throw new Error(`unexpected ${t[i]} at ${i}`);
  }
}

function findObject(t: string, path: readonly string[]): number | undefined {
  let at = skipWs(t, 0);
  for (const key of path) {
    if (t[at] !== '{') return undefined;
    const m = members(t, at).list.find((x) => x.key === key);
    if (!m || t[m.valueStart] !== '{') return undefined;
    at = m.valueStart;
  }
  return t[at] === '{' ? at : undefined;
}

/** Removes member `key` of the object at `path`; returns the new text and the removed raw value. */
export function cutMember(text: string, path: readonly string[], key: string): { text: string; value: string | undefined } {
  const at = findObject(text, path);
  if (at === undefined) return { text, value: undefined };
  const { list } = members(text, at);
  const idx = list.findIndex((m) => m.key === key);
  if (idx < 0) return { text, value: undefined };
  const m = list[idx]!;
  const value = text.slice(m.valueStart, m.valueEnd);
  let from: number;
  let to: number;
  if (idx < list.length - 1) {
    from = m.keyStart;
    to = list[idx + 1]!.keyStart;
  } else if (idx > 0) {
    from = list[idx - 1]!.valueEnd;
    to = m.valueEnd;
  } else {
    from = m.keyStart;
    to = m.valueEnd;
  }
  return { text: text.slice(0, from) + text.slice(to), value };
}

/** Replaces the raw value of member `key` of the object at `path`; undefined when there is no such member. */
export function replaceMember(text: string, path: readonly string[], key: string, rawValue: string): string | undefined {
  const at = findObject(text, path);
  if (at === undefined) return undefined;
  const m = members(text, at).list.find((x) => x.key === key);
  if (!m) return undefined;
  return text.slice(0, m.valueStart) + rawValue + text.slice(m.valueEnd);
}

/** Appends member `key` (raw JSON value) to the object at `path`. */
export function appendMember(text: string, path: readonly string[], key: string, rawValue: string): string {
  const at = findObject(text, path);
  if (at === undefined) throw new Error(`no object at ${path.join('.') || '(root)'}`);
  const { list, close } = members(text, at);
  const member = `${JSON.stringify(key)}:${rawValue}`;
  return text.slice(0, close) + (list.length > 0 ? ',' : '') + member + text.slice(close);
}
