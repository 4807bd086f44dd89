/**
 * The loudspeaker's audio for one call: a short two-tone chime ("ding-dong"), generated here
 * as PCM in the speech's own format, then the spoken text from the voice service, as one WAV.
 */

export interface PcmFormat {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
}

export interface Wav extends PcmFormat {
  data: Buffer;
}

/** The chunks of a RIFF/WAVE file we need (fmt, data); null for anything that is not 16-bit PCM WAV. */
export function parseWav(buf: Buffer): Wav | null {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') return null;
  let fmt: PcmFormat | null = null;
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    // espeak-ng writes a data size of 0x7fffffff when it streams: clamp every chunk to the file.
    const size = Math.min(buf.readUInt32LE(off + 4), buf.length - off - 8);
    const body = off + 8;
    if (id === 'fmt ' && size >= 16) {
      if (buf.readUInt16LE(body) !== 1) return null;
      fmt = { channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bitsPerSample: buf.readUInt16LE(body + 14) };
    } else if (id === 'data' && fmt) {
      if (fmt.bitsPerSample !== 16) return null;
      return { ...fmt, data: buf.subarray(body, body + size - (size % (2 * fmt.channels))) };
    }
    off = body + size + (size % 2);
  }
  return null;
}

export function wavFile(w: Wav): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + w.data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(w.channels, 22);
  h.writeUInt32LE(w.sampleRate, 24);
  h.writeUInt32LE((w.sampleRate * w.channels * w.bitsPerSample) / 8, 28);
  h.writeUInt16LE((w.channels * w.bitsPerSample) / 8, 32);
  h.writeUInt16LE(w.bitsPerSample, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(w.data.length, 40);
  return Buffer.concat([h, w.data]);
}

/** Two decaying tones (E6 then C6), 0.9 s in all with a pause before the speech; 16-bit PCM. */
export function chimePcm(sampleRate: number, channels: number): Buffer {
  const tones: [freq: number, seconds: number][] = [
    [1318.5, 0.35],
    [1046.5, 0.45],
  ];
  const pause = Math.round(sampleRate * 0.25);
  const frames = tones.reduce((n, [, s]) => n + Math.round(sampleRate * s), 0) + pause;
  const out = Buffer.alloc(frames * channels * 2);
  let frame = 0;
  for (const [freq, seconds] of tones) {
    const n = Math.round(sampleRate * seconds);
    for (let i = 0; i < n; i++, frame++) {
      const t = i / sampleRate;
      const attack = Math.min(1, i / (sampleRate * 0.005));
      const v = Math.sin(2 * Math.PI * freq * t) * Math.exp(-5 * t) * attack * 0.5 * 32767;
      for (let c = 0; c < channels; c++) out.writeInt16LE(Math.round(v), (frame * channels + c) * 2);
    }
  }
  return out;
}

/** Longest run of words one recorded piece may say ("silakan ke loket"). */
const MAX_PIECE_WORDS = 3;
/** The pause a comma makes between recorded pieces. */
const COMMA_PAUSE_S = 0.3;

/** The voice-pack key of a run of words: "queue.silakan-ke-loket", "queue.dua", "queue.a". */
export function pieceKey(words: readonly string[]): string {
  return `queue.${words.join('-').toLowerCase()}`;
}

/**
 * The call spoken from a recorded voice pack: the text cut into words, each run of words said
 * by the longest recorded piece that has it (`queue.nomor-antrean.wav`, then `queue.nomor.wav`
 * and `queue.antrean.wav`), a short pause at each comma. Null unless every word is covered and
 * every piece is 16-bit PCM WAV of one format: then espeak-ng says the whole call instead, never
 * half a call in each voice.
 */
export function packedSpeech(text: string, clip: (key: string) => Buffer | null): Buffer | null {
  const tokens = text.split(/\s+/).flatMap((w) => (w.endsWith(',') ? [w.slice(0, -1), ','] : [w])).filter((w) => w !== '');
  const parts: (Wav | ',')[] = [];
  let fmt: PcmFormat | null = null;
  for (let i = 0; i < tokens.length; ) {
    if (tokens[i] === ',') {
      parts.push(',');
      i++;
      continue;
    }
    let found: { wav: Wav; words: number } | null = null;
    for (let k = Math.min(MAX_PIECE_WORDS, tokens.length - i); k >= 1 && !found; k--) {
      const run = tokens.slice(i, i + k);
      if (run.includes(',')) continue;
      const bytes = clip(pieceKey(run));
      const wav = bytes ? parseWav(bytes) : null;
      if (wav) found = { wav, words: k };
    }
    if (!found) return null;
    const w = found.wav;
    if (fmt && (w.sampleRate !== fmt.sampleRate || w.channels !== fmt.channels)) return null;
    fmt ??= w;
    parts.push(w);
    i += found.words;
  }
  if (!fmt) return null;
  const f = fmt;
  const pause = Buffer.alloc(Math.round(f.sampleRate * COMMA_PAUSE_S) * f.channels * 2);
  return wavFile({ sampleRate: f.sampleRate, channels: f.channels, bitsPerSample: 16, data: Buffer.concat(parts.map((p) => (p === ',' ? pause : p.data))) });
}

/** The chime followed by the speech (a WAV from espeak-ng or the voice pack); the chime alone when the speech is not 16-bit PCM WAV. */
export function chimeThen(speech: Buffer | null): Buffer {
  const parsed = speech ? parseWav(speech) : null;
  const fmt: PcmFormat = parsed ?? { sampleRate: 22050, channels: 1, bitsPerSample: 16 };
  const chime = chimePcm(fmt.sampleRate, fmt.channels);
  return wavFile({ ...fmt, data: parsed ? Buffer.concat([chime, parsed.data]) : chime });
}
