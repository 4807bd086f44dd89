/**
 * UTF-8 without TextEncoder/TextDecoder: shared/ compiles with no DOM or Node library, so those
 * globals are not declared here. Invalid sequences (overlong forms and surrogates included) decode to U+FFFD (never throw).
 */
export function utf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function utf8Decode(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need = 0;
    let c = 0;
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    } else if (b >= 0xc2 && b < 0xe0) [need, c] = [1, b & 31];
    else if (b >= 0xe0 && b < 0xf0) [need, c] = [2, b & 15];
    else if (b >= 0xf0 && b < 0xf5) [need, c] = [3, b & 7];
    else {
      out += '\uFFFD';
      i++;
      continue;
    }
    let ok = i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const n = bytes[i + k];
      if (n === undefined || (n & 0xc0) !== 0x80) ok = false;
      else c = (c << 6) | (n & 63);
    }
    // An overlong form (E0 80 80 for NUL, F0 8F BF BF...) is refused: it would smuggle a NUL or a '/' past checks on the bytes.
    const overlong = c < (need === 1 ? 0x80 : need === 2 ? 0x800 : 0x10000);
    if (!ok || overlong || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
      out += '\uFFFD';
      i++;
      continue;
    }
    out += String.fromCodePoint(c);
    i += need + 1;
  }
  return out;
}
