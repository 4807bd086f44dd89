import { describe, expect, it } from 'vitest';
import { chimeThen, packedSpeech, parseWav, pieceKey, wavFile } from '../../../main/core/queue/call-audio.js';

/** A recorded piece: `samples` 16-bit samples of one value, so where each piece landed can be read back. */
const piece = (value: number, samples: number, sampleRate = 8000): Buffer => {
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(value, i * 2);
  return wavFile({ sampleRate, channels: 1, bitsPerSample: 16, data });
};
/** The run-length form of PCM data: [value, samples][]. */
function runs(data: Buffer): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < data.length; i += 2) {
    const v = data.readInt16LE(i);
    const last = out[out.length - 1];
    if (last && last[0] === v) last[1]++;
    else out.push([v, 1]);
  }
  return out;
}

const PACK: Record<string, Buffer> = {
  'queue.nomor-antrean': piece(1, 100),
  'queue.nomor': piece(9, 10),
  'queue.antrean': piece(9, 10),
  'queue.a': piece(2, 50),
  'queue.dua': piece(3, 60),
  'queue.belas': piece(4, 70),
  'queue.silakan-ke-loket': piece(5, 80),
};
const TEXT = 'Nomor antrean A dua belas, silakan ke loket dua';

describe('the queue call from a recorded voice pack', () => {
  it('says each run of words with the longest recorded piece, a pause at the comma, in the order of the text', () => {
    const wav = parseWav(packedSpeech(TEXT, (k) => PACK[k] ?? null)!)!;
    expect(wav).toMatchObject({ sampleRate: 8000, channels: 1, bitsPerSample: 16 });
    // 0.3 s of silence at 8000 Hz is 2400 samples.
    expect(runs(wav.data)).toEqual([[1, 100], [2, 50], [3, 60], [4, 70], [0, 2400], [5, 80], [3, 60]]);
    expect(pieceKey(['Silakan', 'ke', 'loket'])).toBe('queue.silakan-ke-loket');
  });

  it('falls back to single words when no longer piece is recorded', () => {
    const { 'queue.nomor-antrean': _, ...rest } = PACK;
    const wav = parseWav(packedSpeech(TEXT, (k) => rest[k] ?? null)!)!;
    expect(runs(wav.data).slice(0, 2)).toEqual([[9, 20], [2, 50]]);
  });

  it('is null (espeak-ng says the whole call) when a word has no piece, a piece is not PCM WAV, or the pieces differ in format', () => {
    const { 'queue.belas': _, ...noBelas } = PACK;
    expect(packedSpeech(TEXT, (k) => noBelas[k] ?? null)).toBeNull();
    expect(packedSpeech(TEXT, (k) => (k === 'queue.belas' ? Buffer.from('not a wav file') : (PACK[k] ?? null)))).toBeNull();
    expect(packedSpeech(TEXT, (k) => (k === 'queue.belas' ? piece(4, 70, 16000) : (PACK[k] ?? null)))).toBeNull();
    expect(packedSpeech(TEXT, () => null)).toBeNull();
  });

  it('puts the chime before the recorded speech, in its format', () => {
    const speech = packedSpeech(TEXT, (k) => PACK[k] ?? null)!;
    const all = parseWav(chimeThen(speech))!;
    const spoken = parseWav(speech)!;
    expect(all.sampleRate).toBe(8000);
    expect(all.data.subarray(all.data.length - spoken.data.length).equals(spoken.data)).toBe(true);
    expect(all.data.length).toBeGreaterThan(spoken.data.length + 8000 * 2 * 0.9);
  });
});
