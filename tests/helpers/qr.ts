import * as jsqrModule from 'jsqr';
import { PNG } from 'pngjs';

type JsQr = typeof import('jsqr').default;
/** jsqr is CommonJS: its function is the module itself or its `default`, depending on the loader. */
function resolveJsQr(): JsQr {
  let m: unknown = jsqrModule;
  while (typeof m !== 'function' && m && typeof m === 'object' && 'default' in m) m = (m as { default: unknown }).default;
  return m as JsQr;
}
const jsQR = resolveJsQr();

/** The text of the QR code in a PNG (e.g. a receipt from the printer simulator), or null. */
export function decodeQrPng(pngBytes: Buffer): string | null {
  const png = PNG.sync.read(pngBytes);
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}
