import type { ServiceDefinition } from '../../../shared/catalogue/schema.js';
import { DEFAULT_RETENTION } from '../../../shared/catalogue/schema.js';
import { isMessageKey, t } from '../../../shared/i18n/index.js';
import { maskNik, type SubjectReport, type SubjectRequestEntry } from '../../../shared/privacy/subject-report.js';
import type { PrivacyQueries, SubjectRecord } from '../../db/queries/privacy.js';
import { pdfSafe } from '../letters/pdf.js';
import { start, room, type Kop } from '../reports/pdf.js';

/** Applicant fields, as the report names them to the resident. */
const APPLICANT_LABELS: [string, string][] = [
  ['nik', 'NIK'],
  ['nama', 'Nama'],
  ['alamat', 'Alamat'],
  ['tempatLahir', 'Tempat lahir'],
  ['tanggalLahir', 'Tanggal lahir'],
  ['jenisKelamin', 'Jenis kelamin'],
  ['rt', 'RT'],
  ['rw', 'RW'],
  ['kelDesa', 'Desa/kelurahan'],
  ['kecamatan', 'Kecamatan'],
];

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The kinds of data a stored request holds (never their values: the report is a list of what, not a copy). */
export function dataHeld(r: SubjectRecord, svc: ServiceDefinition | undefined): string[] {
  const p = r.payload;
  const applicant = obj(p.applicant);
  const held = APPLICANT_LABELS.filter(([k]) => applicant[k] !== undefined && applicant[k] !== '').map(([, label]) => label);
  for (const key of Object.keys(obj(p.answers))) {
    const label = svc?.fields.find((f) => f.id === key)?.label ?? key;
    held.push(`Jawaban: ${label}`);
  }
  if (Array.isArray(p.requirementsChecked) && p.requirementsChecked.length > 0) held.push('Persyaratan yang dibawa');
  if (r.hasAttachment) held.push('Lampiran (foto/dokumen)');
  if (p.operator) held.push('Petugas yang mencatat');
  return held;
}

function entryOf(r: SubjectRecord, services: readonly ServiceDefinition[]): SubjectRequestEntry {
  const svc = services.find((s) => s.id === r.serviceId);
  const retention = svc?.retention ?? DEFAULT_RETENTION;
  const consent = obj(r.payload.consent);
  const statusKey = `status.${r.status}`;
  return {
    registrationNo: r.registrationNo,
    serviceTitle: svc?.title ?? r.serviceId,
    createdAt: r.createdAt,
    status: isMessageKey(statusKey) ? t('id', statusKey) : r.status,
    dataHeld: dataHeld(r, svc),
    purpose: svc?.summary ?? 'Permohonan layanan',
    recipient: svc?.completion === 'forward' ? `Kantor desa, lalu ${svc.forwardTo ?? 'OPD'} melalui Serang Tatu (kabupaten)` : 'Kantor desa',
    sentToHub: r.outboxState === 'delivered',
    retention: `${retention.days} hari setelah selesai. ${retention.basis}`,
    consent: typeof consent.statementVersion === 'string' && typeof consent.at === 'string' ? { statementVersion: consent.statementVersion, at: consent.at } : null,
    letterNumber: r.letterNumber,
    accessCount: r.views.length,
  };
}

/** Everything the device still links to the NIK, for the resident it belongs to. */
export function subjectReport(q: PrivacyQueries, services: readonly ServiceDefinition[], nik: string, office: string, now: Date): SubjectReport {
  return {
    nikMasked: maskNik(nik),
    generatedAt: now.toISOString(),
    office,
    requests: q.recordsOf(nik).map((r) => entryOf(r, services)),
    cardUids: q.cardUidsOf(nik),
  };
}

const dateText = (iso: string): string => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('id-ID', { timeZone: 'Asia/Jakarta', day: '2-digit', month: 'long', year: 'numeric' });
};

const LEFT = 56;
const LABEL_W = 130;
const VALUE_W = 353;

/** Label and value side by side; long values wrap, and the next row starts under the taller one. */
function fields(doc: PDFKit.PDFDocument, rows: [string, string][]): void {
  for (const [label, value] of rows) {
    const text = pdfSafe(value);
    doc.font('Helvetica').fontSize(9);
    room(doc, doc.heightOfString(text, { width: VALUE_W }) + 4);
    const y = doc.y;
    doc.font('Helvetica-Bold').fontSize(9).text(pdfSafe(label), LEFT, y, { width: LABEL_W });
    const afterLabel = doc.y;
    doc.font('Helvetica').fontSize(9).text(text, LEFT + LABEL_W, y, { width: VALUE_W });
    doc.y = Math.max(afterLabel, doc.y) + 3;
  }
  doc.x = LEFT;
}

/** The report as an A4 PDF with the office's kop (the reports' and letters' pdfkit). */
export function subjectReportPdf(report: SubjectReport, kop: Kop, now: Date): Promise<Buffer> {
  const day = now.toISOString().slice(0, 10);
  const { doc, done } = start('Data pribadi yang disimpan kantor ini', kop, { from: day, to: day }, now);
  const para = (text: string, size = 10): void => {
    doc.font('Helvetica').fontSize(size).fillColor('black').text(pdfSafe(text), { width: 483 });
    doc.moveDown(0.4);
  };
  para(`NIK: ${report.nikMasked}. Kantor: ${report.office}. Dibuat: ${dateText(report.generatedAt)}.`);
  para(
    'Menurut UU 27/2022 tentang Pelindungan Data Pribadi, Anda berhak mengetahui data apa yang disimpan tentang Anda, ' +
      'untuk apa, kepada siapa diteruskan, dan berapa lama. Daftar ini menyebut jenis data, bukan isinya.',
    9,
  );
  if (report.requests.length === 0) para('Kantor ini tidak menyimpan permohonan atas NIK ini.');
  report.requests.forEach((r, i) => {
    room(doc, 150);
    doc.moveDown(0.5);
    doc.font('Helvetica-Bold').fontSize(11).text(pdfSafe(`${i + 1}. ${r.serviceTitle} (${r.registrationNo})`));
    doc.moveDown(0.2);
    fields(doc, [
        ['Diajukan', dateText(r.createdAt)],
        ['Status', r.status],
        ['Data yang disimpan', r.dataHeld.join('; ') || '-'],
        ['Tujuan', r.purpose],
        ['Penerima', r.recipient],
        ['Sudah di kabupaten', r.sentToHub ? 'Ya' : 'Belum'],
        ['Lama disimpan', r.retention],
        ['Persetujuan', r.consent ? `Pernyataan ${r.consent.statementVersion}, ${dateText(r.consent.at)}` : '-'],
        ['Surat', r.letterNumber ?? '-'],
      ['Dibuka/diubah petugas', `${r.accessCount} kali (tercatat di log audit)`],
    ]);
  });
  if (report.cardUids > 0) para(`Kartu e-KTP yang dikenali pembaca kartu kantor ini: ${report.cardUids}.`, 9);
  doc.end();
  return done;
}
