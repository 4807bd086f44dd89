import { promisify } from 'node:util';
import { brotliCompress, brotliDecompress, constants as zc, zstdCompress, zstdDecompress } from 'node:zlib';
import { CODEC_BROTLI, CODEC_STORED, CODEC_ZSTD } from '../../shared/sync/container.js';

const zstdC = promisify(zstdCompress);
const zstdD = promisify(zstdDecompress);
const brC = promisify(brotliCompress);
const brD = promisify(brotliDecompress);

/**
 * Compression of batch segments, off the event loop (libuv thread pool). Measured on 500
 * typical submissions (521 KB of JSON): zstd-19 51.0 KB in 0.29 s, brotli-11 49.0 KB in 0.91 s,
 * zstd-3 69 KB in 3 ms. On a slow link zstd-19 finishes first (time to compress + send), so
 * 'small' uses it; 'fast' (a LAN or loopback hub) uses zstd-3.
 */
export type Effort = 'fast' | 'small' | 'max';

export async function compress(data: Buffer, effort: Effort): Promise<{ codec: number; data: Buffer }> {
  if (effort === 'max') {
    const out = await brC(data, {
      params: {
        [zc.BROTLI_PARAM_QUALITY]: 11,
        [zc.BROTLI_PARAM_LGWIN]: 24,
        [zc.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    });
    return { codec: CODEC_BROTLI, data: out };
  }
  const level = effort === 'fast' ? 3 : 19;
  const out = await zstdC(data, {
    params: { [zc.ZSTD_c_compressionLevel]: level, [zc.ZSTD_c_windowLog]: 23, [zc.ZSTD_c_contentSizeFlag]: 1 },
  });
  return { codec: CODEC_ZSTD, data: out };
}

export class InflateLimitError extends Error {}

export async function decompress(codec: number, data: Uint8Array, maxOutput: number): Promise<Buffer> {
  if (codec === CODEC_STORED) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  try {
    if (codec === CODEC_ZSTD) return await zstdD(data, { maxOutputLength: Math.max(1, maxOutput) });
    if (codec === CODEC_BROTLI) return await brD(data, { maxOutputLength: Math.max(1, maxOutput) });
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new InflateLimitError(String(err));
    throw err;
  }
  throw new Error(`unknown codec ${codec}`);
}
