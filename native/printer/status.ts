import type { PrinterStatus } from '../../shared/devices/state.js';

/**
 * DLE EOT n (real-time status transmission, ESC/POS). The printer answers one byte per query,
 * even while offline or mid-job. Bits 1 and 4 are always 1, bit 0 and 7 always 0 (0x12 base).
 *   n=1 printer status: bit 3 offline
 *   n=2 offline cause:  bit 2 cover open, bit 5 stopped for paper end, bit 6 error
 *   n=4 paper sensor:   bits 2+3 paper near end, bits 5+6 paper end
 */
export const DLE_EOT = (n: 1 | 2 | 3 | 4): Buffer => Buffer.from([0x10, 0x04, n]);
export const STATUS_QUERY = Buffer.concat([DLE_EOT(1), DLE_EOT(2), DLE_EOT(4)]);
const BASE = 0x12;

export function decodeStatus(bytes: Uint8Array): PrinterStatus {
  const [s1 = 0, s2 = 0, s4 = 0] = bytes;
  const sane = (b: number): boolean => (b & 0x93) === BASE;
  if (!sane(s1) || !sane(s2) || !sane(s4)) throw new Error(`not a DLE EOT answer: ${Buffer.from(bytes).toString('hex')}`);
  return {
    online: (s1 & 0x08) === 0,
    coverOpen: (s2 & 0x04) !== 0,
    paperEnd: (s4 & 0x60) !== 0 || (s2 & 0x20) !== 0,
    paperNearEnd: (s4 & 0x0c) !== 0,
    error: (s2 & 0x40) !== 0,
  };
}

/** The simulator's side: one answer byte for query n. */
export function encodeStatusByte(n: number, s: PrinterStatus): number {
  switch (n) {
    case 1:
      return BASE | (s.online ? 0 : 0x08);
    case 2:
      return BASE | (s.coverOpen ? 0x04 : 0) | (s.paperEnd ? 0x20 : 0) | (s.error ? 0x40 : 0);
    case 4:
      return BASE | (s.paperNearEnd ? 0x0c : 0) | (s.paperEnd ? 0x60 : 0);
    default:
      return BASE;
  }
}
