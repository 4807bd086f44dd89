import { z } from 'zod';

/**
 * What an e-KTP chip (or a resident's typed NIK) gives the core: the fields printed on the card.
 * Upper-case text as on the card. Dates are ISO yyyy-mm-dd; `berlakuHingga` is a date or
 * 'SEUMUR HIDUP' (cards issued since 2016 do not expire).
 */
export const Nik = z.string().regex(/^\d{16}$/, 'NIK must be 16 digits');

export const JenisKelamin = z.enum(['LAKI-LAKI', 'PEREMPUAN']);
export type JenisKelamin = z.infer<typeof JenisKelamin>;

const text = (max: number) => z.string().trim().min(1).max(max);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-mm-dd');
const RtRw = z.string().regex(/^\d{3}$/, 'expected three digits such as 001');

export const Biodata = z
  .object({
    nik: Nik,
    nama: text(120),
    tempatLahir: text(80),
    tanggalLahir: IsoDate,
    jenisKelamin: JenisKelamin,
    golonganDarah: z.enum(['A', 'B', 'AB', 'O', '-']).optional(),
    alamat: text(200),
    rt: RtRw,
    rw: RtRw,
    kelDesa: text(80),
    kecamatan: text(80),
    kabupatenKota: text(80),
    provinsi: text(80),
    agama: text(40),
    statusPerkawinan: text(40),
    pekerjaan: text(80),
    kewarganegaraan: text(10),
    berlakuHingga: z.union([IsoDate, z.literal('SEUMUR HIDUP')]),
    /** Base64 JPEG from the chip, when the reader delivers it. */
    photo: z.string().max(40_000).optional(),
  })
  .strict();
export type Biodata = z.infer<typeof Biodata>;

/** What a typed NIK alone tells us (manual entry, or a UID-only reader without a local match). */
export const PartialBiodata = Biodata.partial().extend({ nik: Nik });
export type PartialBiodata = z.infer<typeof PartialBiodata>;

export const CardSource = z.enum(['serial', 'uid', 'manual', 'sim']);
export type CardSource = z.infer<typeof CardSource>;
