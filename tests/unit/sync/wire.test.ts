import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CODEC_STORED,
  ContainerError,
  MAGIC,
  attachmentFrameHeader,
  endFrame,
  headerFrame,
  parseFrames,
  parseSegments,
  recordFrame,
  recordsFrame,
  segmentHeader,
} from '../../../shared/sync/container.js';
import { appendMember, cutMember } from '../../../shared/sync/jsontext.js';
import { classifyHubError } from '../../../shared/sync/protocol.js';

const cat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

describe('batch container', () => {
  const frames = cat([
    headerFrame({ v: 1, batchId: 'b', deviceId: 'd', count: 3 }),
    recordFrame('{"id":"a","x":1}'),
    recordFrame('{"nope":1}'),
    recordFrame('{"id":"c","attachment":{"length":3}}'),
    cat([attachmentFrameHeader(2, 3), new Uint8Array([1, 2, 3])]),
    endFrame(3),
  ]);

  it('parses records, attachments by index and per-record problems', () => {
    const p = parseFrames(frames);
    expect(p.records.map((r) => r.id)).toEqual(['a', 'c']);
    expect(p.records[1]!.attachment).toEqual(new Uint8Array([1, 2, 3]));
    expect(p.invalid).toEqual([{ id: '', reason: 'record has no string id' }]);
  });

  it('reads several records from one RECORDS frame as from a frame each, attachments by the same index', () => {
    const texts = ['{"id":"a","x":1}', '{"nope":1}', '{"id":"c","attachment":{"length":3}}'];
    const together = cat([headerFrame({ v: 1, batchId: 'b', deviceId: 'd', count: 3 }), recordsFrame(texts)!, cat([attachmentFrameHeader(2, 3), new Uint8Array([1, 2, 3])]), endFrame(3)]);
    expect(parseFrames(together)).toEqual(parseFrames(frames));
    expect(together.length).toBeLessThan(frames.length);
    for (let n = 0; n < together.length; n++) expect(() => parseFrames(together.subarray(0, n))).toThrow(ContainerError);
  });

  it('puts no text holding the separator in a RECORDS frame, and refuses a frame that does not end with one', () => {
    expect(recordsFrame(['{"id":"a"}', String.raw`{"id":"b\u001e"}`])).not.toBeNull(); // escaped in JSON: no separator byte
    expect(recordsFrame(['{"id":"a"}', `{"id":"b${String.fromCharCode(0x1e)}"}`])).toBeNull();
    const open = recordsFrame(['{"id":"a"}'])!.slice(0, -1);
    new DataView(open.buffer).setUint32(1, open.length - 5);
    expect(() => parseFrames(cat([headerFrame({ v: 1, batchId: 'b', deviceId: 'd', count: 1 }), open, endFrame(1)]))).toThrow(/record separator/);
  });

  it('refuses every truncation of a valid stream', () => {
    for (let n = 0; n < frames.length; n++) expect(() => parseFrames(frames.subarray(0, n))).toThrow(ContainerError);
  });

  it('never throws anything but ContainerError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          parseFrames(bytes);
          parseSegments(cat([MAGIC, bytes]));
        } catch (err) {
          expect(err).toBeInstanceOf(ContainerError);
        }
      }),
    );
  });

  it('splits segments and refuses a bad magic', () => {
    const body = cat([MAGIC, segmentHeader(CODEC_STORED, frames.length), frames]);
    expect(parseSegments(body)[0]!.data).toEqual(frames);
    expect(() => parseSegments(frames)).toThrow(ContainerError);
  });
});

describe('lossless JSON text edits', () => {
  it('cuts and restores the attachment bytes exactly', () => {
    const line = '{"id":"x", "n": 1.50, "big": 12345678901234567890, "attachment": {"name":"a.jpg","data_b64":"AQID","length":3}, "z":"\\u00e9"}';
    const cut = cutMember(line, ['attachment'], 'data_b64');
    expect(cut.value).toBe('"AQID"');
    expect(cut.text).toBe('{"id":"x", "n": 1.50, "big": 12345678901234567890, "attachment": {"name":"a.jpg","length":3}, "z":"\\u00e9"}');
    const back = appendMember(cut.text, ['attachment'], 'data_b64', cut.value!);
    expect(JSON.parse(back)).toEqual(JSON.parse(line));
  });

  it('round-trips any object with any attachment member position', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.nat(5), (obj, b64, pos) => {
        const att: Record<string, unknown> = { name: 'f' };
        const keys = Object.keys(obj).filter((k) => k !== 'attachment');
        const rec: Record<string, unknown> = {};
        keys.forEach((k, i) => {
          if (i === pos) rec['attachment'] = { ...att, data_b64: b64 };
          rec[k] = obj[k];
        });
        if (!('attachment' in rec)) rec['attachment'] = { data_b64: b64, ...att };
        const text = JSON.stringify(rec);
        const cut = cutMember(text, ['attachment'], 'data_b64');
        const parsed = JSON.parse(cut.text) as { attachment: Record<string, unknown> };
        expect('data_b64' in parsed.attachment).toBe(false);
        expect(JSON.parse(appendMember(cut.text, ['attachment'], 'data_b64', cut.value!))).toEqual(JSON.parse(text));
      }),
    );
  });
});

describe('error classes', () => {
  it('retries network and busy, stops on rejected and auth', () => {
    expect(classifyHubError(503, 'busy')).toBe('busy');
    expect(classifyHubError(409, 'bad_offset')).toBe('network');
    expect(classifyHubError(413, 'too_large')).toBe('rejected');
    expect(classifyHubError(401, 'bad_signature')).toBe('auth');
  });
});
