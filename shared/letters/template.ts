import type { ServiceDefinition } from '../catalogue/schema.js';

/**
 * Letter templates as data: one small text file per template (catalogue folder `letters/<id>.txt`)
 * that a desa clerk can edit. Lines starting with `#` are comments.
 *
 *   judul: SURAT KETERANGAN DOMISILI      the title (required)
 *   kode: 470                             classification code, the {kode} of the number pattern (required)
 *   versi: 1                              raise it when the text changes (stored with each letter)
 *   [isi]                                 body text: lines join into paragraphs, a blank line starts a new one
 *   [data]                                "Label: value" rows, printed as a table; a row whose placeholders are all empty is left out
 *
 * Placeholders `{group.name}` or `{group.name|besar}` / `{group.name|kecil}` (upper / lower case):
 * pemohon.* (the applicant), isian.* (the service's answers), kantor.* (the office), surat.* (the letter).
 * The kop, the number, place and date, the signature and the QR are laid out by the PDF itself.
 */

export const APPLICANT_PLACEHOLDERS = ['nama', 'nik', 'alamat', 'tempatLahir', 'tanggalLahir', 'jenisKelamin', 'rt', 'rw', 'kelDesa', 'kecamatan'] as const;
export const OFFICE_PLACEHOLDERS = ['kabupaten', 'kecamatan', 'desa', 'kodeDesa', 'alamat', 'penandaTangan', 'jabatan'] as const;
export const LETTER_PLACEHOLDERS = ['nomor', 'tanggal', 'judul', 'layanan', 'nomorRegistrasi'] as const;
export const MODIFIERS = ['besar', 'kecil'] as const;

/** Bounds of one template file (a clerk's typo must not make a 10 MB letter). */
export const TEMPLATE_LIMITS = { bytes: 32 * 1024, lines: 400, lineLength: 1000, blocks: 40 } as const;

export interface TemplateLine {
  text: string;
  /** 1-based line in the file, for error messages. */
  line: number;
}
export type TemplateBlock = { kind: 'text'; paragraphs: TemplateLine[] } | { kind: 'data'; rows: { label: string; value: string; line: number }[] };

export interface LetterTemplate {
  id: string;
  title: string;
  kode: string;
  version: number;
  blocks: TemplateBlock[];
}

export type TemplateResult = { ok: true; template: LetterTemplate } | { ok: false; errors: string[] };

const HEADER_KEYS = ['judul', 'kode', 'versi'] as const;

/** Parses one template file. Errors read `file letters/<name>: line N: <problem>`. */
export function parseTemplate(fileName: string, text: string): TemplateResult {
  const id = fileName.replace(/^.*[\\/]/, '').replace(/\.txt$/, '');
  const label = `file letters/${id}.txt`;
  const errors: string[] = [];
  const err = (line: number, problem: string): void => void errors.push(`${label}: line ${line}: ${problem}`);
  if (text.length > TEMPLATE_LIMITS.bytes) return { ok: false, errors: [`${label}: longer than ${TEMPLATE_LIMITS.bytes} characters`] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.length > TEMPLATE_LIMITS.lines) return { ok: false, errors: [`${label}: more than ${TEMPLATE_LIMITS.lines} lines`] };
  const header: Partial<Record<(typeof HEADER_KEYS)[number], { value: string; line: number }>> = {};
  const blocks: TemplateBlock[] = [];
  let current: TemplateBlock | null = null;
  let paragraph: TemplateLine | null = null;
  const endParagraph = (): void => {
    if (paragraph && current?.kind === 'text') current.paragraphs.push(paragraph);
    paragraph = null;
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (raw.length > TEMPLATE_LIMITS.lineLength) return err(n, `longer than ${TEMPLATE_LIMITS.lineLength} characters`);
    if (line.startsWith('#')) return;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      endParagraph();
      if (section[1] !== 'isi' && section[1] !== 'data') return err(n, `unknown section [${section[1]}] (use [isi] or [data])`);
      current = section[1] === 'isi' ? { kind: 'text', paragraphs: [] } : { kind: 'data', rows: [] };
      blocks.push(current);
      return;
    }
    if (!current) {
      if (line === '') return;
      const m = /^([a-z]+)\s*:\s*(.*)$/.exec(line);
      if (!m || !(HEADER_KEYS as readonly string[]).includes(m[1]!)) return err(n, `expected "judul:", "kode:", "versi:" or a section [isi] / [data], not "${line.slice(0, 40)}"`);
      const key = m[1] as (typeof HEADER_KEYS)[number];
      if (header[key]) return err(n, `"${key}:" is given twice`);
      header[key] = { value: m[2]!.trim(), line: n };
      return;
    }
    if (current.kind === 'text') {
      if (line === '') return endParagraph();
      paragraph = paragraph ? { text: `${paragraph.text} ${line}`, line: paragraph.line } : { text: line, line: n };
      return;
    }
    if (line === '') return;
    const row = /^([^:{}]+):\s*(.+)$/.exec(line);
    if (!row) return err(n, 'a [data] row is "Label: value"');
    current.rows.push({ label: row[1]!.trim(), value: row[2]!.trim(), line: n });
  });
  endParagraph();
  const title = header.judul?.value ?? '';
  const kode = header.kode?.value ?? '';
  const version = Number(header.versi?.value ?? 'x');
  if (!header.judul) err(1, '"judul:" (the title) is missing');
  else if (title.length < 3 || title.length > 80 || /[{}]/.test(title)) err(header.judul.line, 'the title is 3 to 80 characters, without placeholders');
  if (!header.kode) err(1, '"kode:" (the classification code of the number) is missing');
  else if (!/^[A-Za-z0-9.]{1,12}$/.test(kode)) err(header.kode.line, 'the kode is 1 to 12 letters, digits or "."');
  if (!header.versi) err(1, '"versi:" is missing');
  else if (!Number.isInteger(version) || version < 1 || version > 9999) err(header.versi.line, 'versi is a whole number from 1');
  if (blocks.length === 0) err(lines.length, 'the template has no [isi] or [data] section');
  if (blocks.length > TEMPLATE_LIMITS.blocks) err(lines.length, `more than ${TEMPLATE_LIMITS.blocks} sections`);
  for (const b of blocks) {
    if (b.kind === 'text' && b.paragraphs.length === 0) errors.push(`${label}: an [isi] section has no text`);
    if (b.kind === 'data' && b.rows.length === 0) errors.push(`${label}: a [data] section has no rows`);
  }
  for (const { text, line } of templateTexts(blocks)) {
    for (const problem of syntaxProblems(text)) err(line, problem);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, template: { id, title, kode, version, blocks } };
}

/** Every text of the template that may hold placeholders, with its line. */
function templateTexts(blocks: TemplateBlock[]): TemplateLine[] {
  return blocks.flatMap((b) => (b.kind === 'text' ? b.paragraphs : b.rows.flatMap((r) => [{ text: r.label, line: r.line }, { text: r.value, line: r.line }])));
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

function syntaxProblems(text: string): string[] {
  const rest = text.replace(PLACEHOLDER, '');
  return /[{}]/.test(rest) ? ['a "{" or "}" without its pair'] : [];
}

/** The placeholders a template for this service may use. */
export function placeholdersFor(service: Pick<ServiceDefinition, 'fields'>): Set<string> {
  return new Set([
    ...APPLICANT_PLACEHOLDERS.map((n) => `pemohon.${n}`),
    ...service.fields.map((f) => `isian.${f.id}`),
    ...OFFICE_PLACEHOLDERS.map((n) => `kantor.${n}`),
    ...LETTER_PLACEHOLDERS.map((n) => `surat.${n}`),
  ]);
}

/** Unknown placeholders and modifiers, as `file letters/<id>.txt: line N: unknown placeholder {x}`. */
export function checkTemplate(template: LetterTemplate, service: Pick<ServiceDefinition, 'id' | 'fields'>): string[] {
  const allowed = placeholdersFor(service);
  const errors: string[] = [];
  for (const { text, line } of templateTexts(template.blocks)) {
    for (const m of text.matchAll(PLACEHOLDER)) {
      const [name, modifier] = m[1]!.split('|').map((s) => s.trim());
      if (!allowed.has(name!)) {
        const hint = name!.startsWith('isian.') ? ` (service ${service.id} has no field "${name!.slice(6)}")` : '';
        errors.push(`file letters/${template.id}.txt: line ${line}: unknown placeholder {${m[1]}}${hint}`);
      } else if (modifier !== undefined && !(MODIFIERS as readonly string[]).includes(modifier)) {
        errors.push(`file letters/${template.id}.txt: line ${line}: unknown modifier |${modifier} in {${m[1]}} (use |besar or |kecil)`);
      }
    }
  }
  return errors;
}

/** A filled template: what the letter says, placeholders replaced. */
export type FilledBlock = { kind: 'text'; paragraphs: string[] } | { kind: 'data'; rows: { label: string; value: string }[] };

/** Replaces placeholders with values; an empty value prints "-", and a data row with only empty values is left out. */
export function fillTemplate(template: LetterTemplate, values: Readonly<Record<string, string>>): FilledBlock[] {
  const fill = (text: string): { text: string; empty: boolean } => {
    let any = false;
    let filled = false;
    const out = text.replace(PLACEHOLDER, (_whole, inner: string) => {
      any = true;
      const [name, modifier] = inner.split('|').map((s) => s.trim());
      const v = (values[name!] ?? '').trim();
      if (v === '') return '-';
      filled = true;
      return modifier === 'besar' ? v.toLocaleUpperCase('id') : modifier === 'kecil' ? v.toLocaleLowerCase('id') : v;
    });
    return { text: out, empty: any && !filled };
  };
  return template.blocks.map((b): FilledBlock => {
    if (b.kind === 'text') return { kind: 'text', paragraphs: b.paragraphs.map((p) => fill(p.text).text) };
    const rows = b.rows.map((r) => ({ label: fill(r.label).text, value: fill(r.value) })).filter((r) => !r.value.empty);
    return { kind: 'data', rows: rows.map((r) => ({ label: r.label, value: r.value.text })) };
  });
}

/** The parts of an unknown-placeholder error of checkTemplate, for a screen that says it in its own words; null for any other error. */
export function unknownPlaceholderOf(error: string): { file: string; line: number; placeholder: string } | null {
  const m = /^file (letters\/[^:]+\.txt): line (\d+): unknown placeholder (\{[^}]*\})/.exec(error);
  return m ? { file: m[1]!, line: Number(m[2]), placeholder: m[3]! } : null;
}
