import type { MessageKey } from '../i18n/id.js';

/**
 * Survei Kepuasan Masyarakat, PermenPAN-RB 14/2017: 9 unsur, each answered on a 1-4 scale
 * (worst to best). The question and option wording lives in the message catalogue
 * (`skm.u<n>.q`, `skm.u<n>.a<score>`), because the wording changes with each question.
 */
export const SKM_UNSUR = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'] as const;
export type SkmUnsur = (typeof SKM_UNSUR)[number];

export function skmQuestionKey(u: SkmUnsur): MessageKey {
  return `skm.${u}.q` as MessageKey;
}
export function skmAnswerKey(u: SkmUnsur, score: 1 | 2 | 3 | 4): MessageKey {
  return `skm.${u}.a${score}` as MessageKey;
}

export interface IkmReport {
  responses: number;
  /** NRR per unsur (mean of the answers given to it), null when nobody answered it. */
  nrr: Record<SkmUnsur, number | null>;
  /** Equal-weight mean of the NRRs on 1-4 (weight 1/9 each), null without answers. */
  ikm: number | null;
  /** ikm x 25: 25-100. */
  converted: number | null;
  mutu: 'A' | 'B' | 'C' | 'D' | null;
  kinerja: 'Sangat baik' | 'Baik' | 'Kurang baik' | 'Tidak baik' | null;
}

/** From sums and counts per unsur (what the store aggregates) to the IKM report. */
export function ikmFrom(responses: number, sums: Record<SkmUnsur, { sum: number; count: number }>): IkmReport {
  const nrr = {} as Record<SkmUnsur, number | null>;
  for (const u of SKM_UNSUR) nrr[u] = sums[u].count > 0 ? sums[u].sum / sums[u].count : null;
  const answered = SKM_UNSUR.map((u) => nrr[u]).filter((v): v is number => v !== null);
  if (answered.length < SKM_UNSUR.length) {
    return { responses, nrr, ikm: null, converted: null, mutu: null, kinerja: null };
  }
  const ikm = answered.reduce((a, b) => a + b * (1 / 9), 0);
  const converted = Math.round(ikm * 25 * 100) / 100;
  const [mutu, kinerja] =
    converted >= 88.31 ? (['A', 'Sangat baik'] as const)
    : converted >= 76.61 ? (['B', 'Baik'] as const)
    : converted >= 65 ? (['C', 'Kurang baik'] as const)
    : (['D', 'Tidak baik'] as const);
  return { responses, nrr, ikm: Math.round(ikm * 10000) / 10000, converted, mutu, kinerja };
}
