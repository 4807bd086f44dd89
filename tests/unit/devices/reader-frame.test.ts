import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Biodata } from '../../../shared/devices/biodata.js';
import { Cmd, encodeFrame, FrameParser, MAX_BODY } from '../../../shared/devices/reader-frame.js';
import { utf8Decode, utf8Encode } from '../../../shared/devices/utf8.js';

/** What the driver would accept as a card read: a BIODATA frame whose JSON passes the schema. */
function isCardRead(parser: FrameParser, bytes: Uint8Array): boolean {
  return parser.push(bytes).some((ev) => {
    if (ev.type !== 'frame' || ev.frame.cmd !== Cmd.BIODATA) return false;
    try {
      return Biodata.safeParse(JSON.parse(utf8Decode(ev.frame.payload))).success;
    } catch {
      return false;
    }
  });
}

describe('reader frame codec', () => {
  it('round-trips a frame, also when it arrives one byte at a time', () => {
    const frame = encodeFrame(Cmd.BIODATA, 7, utf8Encode('{"nama":"SITI"}'));
    const p = new FrameParser();
    const events = [...frame].flatMap((b) => p.push(Uint8Array.of(b)));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'frame', frame: { cmd: Cmd.BIODATA, seq: 7 } });
    expect(p.pending).toBe(0);
  });

  it('reports a bad checksum and still finds the frame after it', () => {
    const bad = encodeFrame(Cmd.PONG, 1, utf8Encode('x'));
    bad[bad.length - 2]! ^= 1;
    const good = encodeFrame(Cmd.PONG, 2);
    const events = new FrameParser().push(Uint8Array.from([...bad, ...good]));
    expect(events.some((e) => e.type === 'corrupt' && e.reason === 'checksum')).toBe(true);
    expect(events.filter((e) => e.type === 'frame').map((e) => e.type === 'frame' && e.frame.seq)).toEqual([2]);
  });

  it('dropPartial gives up a half frame and recovers the frame hidden behind it', () => {
    const whole = encodeFrame(Cmd.BIODATA, 3, utf8Encode('a'.repeat(300)));
    const next = encodeFrame(Cmd.CARD_OUT, 0);
    const p = new FrameParser();
    expect(p.push(Uint8Array.from([...whole.subarray(0, 100), ...next]))).toEqual([]);
    const events = p.dropPartial();
    expect(events.some((e) => e.type === 'frame' && e.frame.cmd === Cmd.CARD_OUT)).toBe(true);
  });

  it('refuses lengths above MAX_BODY', () => {
    expect(() => encodeFrame(Cmd.BIODATA, 1, new Uint8Array(MAX_BODY))).toThrow();
  });

  it('10,000 random byte strings: never throws, never yields a card read', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 512 }), fc.integer({ min: 1, max: 64 }), (bytes, chunk) => {
        const p = new FrameParser();
        for (let i = 0; i < bytes.length; i += chunk) expect(isCardRead(p, bytes.subarray(i, i + chunk))).toBe(false);
        // Whatever is left must be droppable without error either.
        while (p.pending > 0) p.dropPartial();
      }),
      { numRuns: 10_000 },
    );
  });

  it('random noise around a real frame: the frame is still found', () => {
    const card = encodeFrame(Cmd.PONG, 9, utf8Encode('ok'));
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (noise) => {
        const p = new FrameParser();
        const events = [...p.push(Uint8Array.from([...noise, ...card]))];
        while (p.pending > 0 && !events.some((e) => e.type === 'frame' && e.frame.seq === 9)) events.push(...p.dropPartial());
        expect(events.some((e) => e.type === 'frame' && e.frame.seq === 9)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('utf8 round-trips Indonesian text and never throws on bad bytes', () => {
    expect(utf8Decode(utf8Encode('Désa Kramatwatu — RT 002'))).toBe('Désa Kramatwatu — RT 002');
    fc.assert(fc.property(fc.uint8Array(), (b) => typeof utf8Decode(b) === 'string'));
  });
});
