import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zc, createZstdCompress, zstdCompress, zstdDecompress, type ZstdOptions } from 'node:zlib';
import { CODEC_BROTLI, CODEC_STORED, CODEC_ZSTD, CODEC_ZSTD_DICT, ContainerError, dictionarySegment, splitDictionarySegment } from '../../shared/sync/container.js';
import { shippedDictionaries, type Dictionaries } from './dictionaries.js';

const zstdC = promisify(zstdCompress);
const zstdD = promisify(zstdDecompress);
const brC = promisify(brotliCompress);
const brD = promisify(brotliDecompress);

/**
 * Compression of batch segments, off the event loop (libuv thread pool). Measured on 500
 * typical submissions (524 KB of frames): zstd-3 71.3 KB in 3 ms, zstd-9 59.4 KB in 10 ms,
 * zstd-15 56.4 KB in 34 ms, zstd-17 54.5 KB in 0.11 s, zstd-19 52.8 KB in 0.29 s, brotli-11
 * 50.1 KB in 1.0 s. What finishes first is compress + send: the link's bytes/s picks the level
 * (main/sync/link-profile.ts). 'small' is zstd-19, 'fast' (a LAN or loopback hub) zstd-3.
 * With a dictionary (codec 3, main/sync/dictionaries.ts) one typical record of 1,057 B is
 * ≈140 B instead of ≈650 B: what makes a batch of one (a trickle) cheap.
 */
export type Effort = 'fast' | 'zstd-9' | 'zstd-15' | 'zstd-17' | 'small' | 'max';

const ZSTD_LEVEL: Record<Exclude<Effort, 'max'>, number> = { fast: 3, 'zstd-9': 9, 'zstd-15': 15, 'zstd-17': 17, small: 19 };

/** A dictionary to compress with: its id (carried in the segment) and bytes. */
export interface DictionaryUse {
  id: string;
  data: Buffer;
}

/** Input per write of an abortable compression: what runs on after an abort is at most about one of these. */
const STREAM_PIECE = 64 * 1024;

/**
 * zstd through a stream fed in pieces, so an abort stops it within a piece (a speculative build
 * dropped when the link turns out to be a LAN: main/sync/first-contact.ts). A frame like the
 * one-shot call's (which streams too), a few bytes larger at most.
 */
function zstdAbortable(data: Buffer, opts: ZstdOptions, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const z = createZstdCompress(opts);
    const out: Buffer[] = [];
    const onAbort = (): void => {
      z.destroy();
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (err: Error | null): void => {
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(Buffer.concat(out));
    };
    z.on('data', (c: Buffer) => out.push(c));
    z.once('error', (err) => done(err));
    z.once('end', () => done(null));
    for (let i = 0; i < data.length; i += STREAM_PIECE) z.write(data.subarray(i, i + STREAM_PIECE));
    z.end();
  });
}

/** Compresses one segment; with `signal`, zstd stops (rejecting with the signal's reason) when it is aborted. */
export async function compress(data: Buffer, effort: Effort, dictionary: DictionaryUse | null = null, signal?: AbortSignal): Promise<{ codec: number; data: Buffer }> {
  signal?.throwIfAborted();
  if (effort === 'max' && !dictionary) {
    const out = await brC(data, {
      params: {
        [zc.BROTLI_PARAM_QUALITY]: 11,
        [zc.BROTLI_PARAM_LGWIN]: 24,
        [zc.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    return { codec: CODEC_BROTLI, data: out };
  }
  const level = ZSTD_LEVEL[effort === 'max' ? 'small' : effort];
  const params = { [zc.ZSTD_c_compressionLevel]: level, [zc.ZSTD_c_windowLog]: 23, [zc.ZSTD_c_contentSizeFlag]: 1 };
  if (dictionary) {
    // The dictionary's own id is in the segment: zstd's 4-byte one would only repeat it.
    const opts = { dictionary: dictionary.data, params: { ...params, [zc.ZSTD_c_dictIDFlag]: 0 } };
    const frame = signal ? await zstdAbortable(data, opts, signal) : await zstdC(data, opts);
    return { codec: CODEC_ZSTD_DICT, data: Buffer.from(dictionarySegment(dictionary.id, frame)) };
  }
  return { codec: CODEC_ZSTD, data: signal ? await zstdAbortable(data, { params }, signal) : await zstdC(data, { params }) };
}

export class InflateLimitError extends Error {}

/** A codec-3 segment names a dictionary this side does not hold (a ContainerError: the batch is refused whole). */
export class UnknownDictionaryError extends ContainerError {
  constructor(
    readonly id: string,
    known: readonly string[],
  ) {
    super(`a segment is compressed with dictionary "${id}", which this side does not hold (it holds: ${known.length ? known.join(', ') : 'none'})`);
    this.name = 'UnknownDictionaryError';
  }
}

export async function decompress(codec: number, data: Uint8Array, maxOutput: number, dictionaries: Dictionaries = shippedDictionaries()): Promise<Buffer> {
  if (codec === CODEC_STORED) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let dictionary: Buffer | undefined;
  if (codec === CODEC_ZSTD_DICT) {
    const seg = splitDictionarySegment(data);
    dictionary = dictionaries.get(seg.id);
    if (!dictionary) throw new UnknownDictionaryError(seg.id, dictionaries.ids());
    data = seg.frame;
  }
  try {
    if (codec === CODEC_ZSTD || codec === CODEC_ZSTD_DICT) return await zstdD(data, { maxOutputLength: Math.max(1, maxOutput), ...(dictionary ? { dictionary } : {}) });
    if (codec === CODEC_BROTLI) return await brD(data, { maxOutputLength: Math.max(1, maxOutput) });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateLimitError(String(err));
    throw err;
  }
  throw new Error(`unknown codec ${codec}`);
}
