import type { SkmUnsur } from '../../../shared/catalogue/skm.js';

/** One SKM answer sheet as the hub keeps it (hub migration 250). */
export type SkmAnswerRow = {
  id: string;
  device_id: string;
  submission_id: string | null;
  service_id: string;
  answered_at: string;
} & Record<SkmUnsur, number | null>;

/** Per device and service over a time range: the sheets, and per unsur the sum and count of answers. */
export type SkmTotalsRow = {
  device_id: string;
  service_id: string;
  responses: number;
} & Record<`${SkmUnsur}_sum` | `${SkmUnsur}_n`, number>;

/** The SQL the hub's SKM rules need, one implementation per backend. */
export interface SkmQueries {
  /** False when a sheet with this id is already held. */
  insertSkmAnswer(row: SkmAnswerRow, at: string): Promise<boolean>;
  /** Sheets answered in [from, to), grouped by device and service. */
  skmTotals(from: string, to: string): Promise<SkmTotalsRow[]>;
  /** Every device's office (the least office code of the letter keys it published). */
  deviceOffices(): Promise<{ device_id: string; office_code: string }[]>;
}
