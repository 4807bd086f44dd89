import { z } from 'zod';

/**
 * POST /v1/skm (signed, body digest in the signature): the kiosk's SKM answer sheets
 * (PermenPAN-RB 14/2017) for the hub's IKM. Keyed by the sheet's client id: the hub stores
 * each at most once, so a re-send after a lost answer is harmless.
 */
const Score = z.number().int().min(1).max(4).nullable();
export const SkmSheet = z
  .object({
    id: z.string().uuid(),
    submissionId: z.string().min(1).max(200).nullable(),
    serviceId: z.string().min(1).max(80),
    u1: Score,
    u2: Score,
    u3: Score,
    u4: Score,
    u5: Score,
    u6: Score,
    u7: Score,
    u8: Score,
    u9: Score,
    /** When the resident answered (ISO instant). */
    at: z.string().min(10).max(40),
  })
  .strict();
export type SkmSheet = z.infer<typeof SkmSheet>;
/** At most this many sheets in one request (a bound; the kiosk sends in pages). */
export const SKM_PAGE = 500;
export const SkmUpload = z.object({ items: z.array(SkmSheet).min(1).max(SKM_PAGE) }).strict();
/** Every id of the upload, stored now (accepted) or already held (duplicate). */
export const SkmAck = z.object({ accepted: z.array(z.string()), duplicate: z.array(z.string()) }).strict();
export type SkmAck = z.infer<typeof SkmAck>;
