import { z } from 'zod';
import { call } from '../define.js';

export const SimPrinterState = z
  .object({
    paper: z.enum(['ok', 'near-end', 'out']).optional(),
    cover: z.enum(['closed', 'open']).optional(),
    online: z.boolean().optional(),
  })
  .strict();

/**
 * Calls that drive the device simulators (tests, demos). Not part of `apiCalls`: the dispatcher
 * answers them only when the core runs with simulated devices, the Electron preload never
 * passes them, and a packaged build never registers them.
 */
export const simCalls = {
  /** Put a card from the sim card file on the reader (by index or NIK). */
  'sim:insert-card': call<{ nik: string }>()(
    ['open'],
    z.object({ nik: z.string().regex(/^\d{16}$/).optional(), index: z.number().int().min(0).optional() }).strict(),
  ),
  'sim:remove-card': call<{ removed: boolean }>()(['open'], z.object({}).strict()),
  'sim:printer-state': call<{ paper: 'ok' | 'near-end' | 'out'; cover: 'closed' | 'open'; online: boolean }>()(['open'], SimPrinterState),
};
export type SimCalls = typeof simCalls;
export type SimCallName = keyof SimCalls;

export function isSimCallName(name: unknown): name is SimCallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(simCalls, name);
}
