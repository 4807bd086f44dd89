import type { PartialBiodata } from '../../shared/devices/biodata.js';
import { validateNik, type NikResult } from '../../shared/domain/nik.js';
import { ReaderDriver } from './driver.js';

/** What a typed NIK tells without any data source: the NIK, gender and birth date. */
export function biodataFromNik(r: NikResult): PartialBiodata | null {
  if (!r.valid) return null;
  return { nik: r.nik, ...(r.gender ? { jenisKelamin: r.gender } : {}), ...(r.birthDate ? { tanggalLahir: r.birthDate } : {}) };
}

/**
 * The "reader" that is always there: the resident types the NIK, it is checked offline
 * (shared/domain/nik.ts) and, when valid, delivered like a card read with partial biodata.
 */
export class ManualReaderDriver extends ReaderDriver {
  readonly kind = 'manual';

  constructor(private readonly now: () => Date = () => new Date()) {
    super();
  }

  async start(): Promise<void> {
    this.setState('connected');
  }

  async stop(): Promise<void> {
    this.setState('disconnected');
  }

  submit(nik: string, minAge?: number): NikResult {
    const result = validateNik(nik, { now: this.now(), ...(minAge !== undefined ? { minAge } : {}) });
    const biodata = biodataFromNik(result);
    if (biodata) this.emit('card-read', { biodata, source: 'manual', at: performance.now() });
    else this.emit('error', { code: result.errors[0]?.code ?? 'nik_invalid', message: 'typed NIK failed the offline checks', recoverable: true });
    return result;
  }
}
