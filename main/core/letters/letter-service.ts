import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { LetterInfo, LetterIssueResult, LetterPreview, LetterPrintResult, LetterVerification } from '../../../shared/api/calls/letters.js';
import { MAX_PREVIEW_BYTES } from '../../../shared/api/calls/letters.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { deviceShort } from '../../../shared/domain/identifiers.js';
import { requestOf } from '../../../shared/domain/request.js';
import { officeName } from '../../../shared/domain/wilayah.js';
import { formatLetterNumber, numberFileName } from '../../../shared/letters/number.js';
import type { LetterRow } from '../../db/queries/letters.js';
import type { CoreServices } from '../services.js';
import { letterContent } from './content.js';
import type { LetterKeys } from './letter-keys.js';
import type { LetterPdfs } from './letter-store.js';
import { printWithLp } from './printer.js';
import { nikHash, SALT_BYTES, signToken } from './token.js';
import { describeVerdict, verifyLetterToken } from './verify.js';

type Deps = Pick<CoreServices, 'store' | 'settings' | 'catalogue' | 'deviceId' | 'now' | 'log'>;

/** Largest logo accepted for the kop (it is kept with the letters that used it). */
export const MAX_LOGO_BYTES = 512 * 1024;

/**
 * Letters of desa services: issue (number + letter row + audit in one transaction, then the PDF),
 * the PDF for a preview, printing through CUPS, and verification of a token, offline.
 * The desa workflow calls issue() when the signatory signs; it refuses anything that is not a
 * desa service with a template, and a second call for the same submission answers the letter
 * it already has: never a new number.
 */
export class LetterService {
  constructor(
    private readonly s: Deps,
    readonly keys: LetterKeys,
    readonly pdfs: LetterPdfs,
  ) {}

  async issue(submissionId: string, actor: string): Promise<LetterIssueResult> {
    const existing = this.s.store.letters.bySubmission(submissionId);
    if (existing) return { letter: await this.info(existing, true), created: false };
    const { store, settings: settingsService, catalogue } = this.s;
    const sub = store.submissions.get(submissionId);
    if (!sub) throw new ApiFailure('not_found', `no submission ${submissionId}`);
    const request = requestOf(sub.payload);
    if (!request) throw new ApiFailure('invalid_request', `submission ${submissionId} is not a request made at this office, so it has no letter`);
    const service = catalogue.find(sub.serviceId);
    if (!service) throw new ApiFailure('not_found', `service ${sub.serviceId} is not in the catalogue`);
    if (service.completion !== 'desa' || !service.letter) {
      throw new ApiFailure('invalid_request', `service ${service.id} is not a desa service with a letter template`, { serviceId: service.id });
    }
    const template = catalogue.letterTemplate(service.letter);
    if (!template) {
      const problems = catalogue.get().errors.filter((e) => e.includes(`letters/${service.letter}.txt`)).slice(0, 3);
      throw new ApiFailure('catalogue_invalid', `letter template ${service.letter} is not loaded${problems.length ? `: ${problems.join('; ')}` : ''}`, { template: service.letter, problems });
    }
    const settings = settingsService.get();
    const office = officeName(settings.officeCode);
    if (!office) throw new ApiFailure('invalid_request', `office code ${settings.officeCode} is not a desa of Kabupaten Serang`);
    const logo = settings.letterLogoFile ? readLogo(settings.letterLogoFile) : null;
    const logoSha256 = logo ? createHash('sha256').update(logo).digest('hex') : null;
    const now = this.s.now();
    const date = isoDay(now);
    const year = now.getFullYear();
    const salt = randomBytes(SALT_BYTES);
    const hash = nikHash(request.applicant.nik, salt); // slow on purpose: outside the transaction
    const own = this.keys.own();
    const key = this.keys.signingKey();
    const id = randomUUID();

    const row = store.transaction((): LetterRow | { existing: LetterRow } => {
      const again = store.letters.bySubmission(submissionId);
      if (again) return { existing: again };
      let sequence = 0;
      let number = '';
      // A pattern without {tahun} (or changed mid-year) could repeat an older number: skip to a free one.
      for (let tries = 0; tries < 1000; tries++) {
        sequence = store.letters.nextSequence(settings.officeCode, year);
        number = numberFor(settings.letterNumberPattern, { kode: template.kode, sequence, officeCode: settings.officeCode, date, device: deviceShort(this.s.deviceId) });
        if (!store.letters.byNumber(number)) break;
      }
      const base = numberFileName(number);
      const fileName = store.letters.fileNameTaken(`${base}.pdf`) ? `${base}-${id.slice(0, 8)}.pdf` : `${base}.pdf`;
      const token = signToken({ officeCode: settings.officeCode, keyId: own.keyId, date, salt, nikHash: hash, number, serviceId: service.id }, key);
      const content = letterContent({ submission: sub, request, service, template, settings, office, number, date, token, logoSha256 });
      if (logo && logoSha256) store.letters.putAsset(logoSha256, logo);
      const issuedAt = now.toISOString();
      const fresh = {
        id, submissionId, officeCode: settings.officeCode, number, seriesYear: year, sequence, issuedAt, letterDate: date, serviceId: service.id,
        templateId: template.id, templateVersion: template.version, signatory: actor, token, nikSalt: salt, content, fileName,
      };
      store.letters.insert(fresh);
      store.audit.append(actor, 'letter.issue', submissionId, { number });
      return store.letters.get(id)!;
    });
    if ('existing' in row) return { letter: await this.info(row.existing, true), created: false };
    this.s.log.info('letter numbered', { number: row.number, submissionId });
    return { letter: await this.info(row, true), created: true };
  }

  async get(submissionId: string, actor: string): Promise<LetterPreview> {
    const row = this.letterOf(submissionId);
    const path = await this.pdfs.ensure(row);
    const size = statSync(path).size;
    this.s.store.audit.append(actor, 'letter.view', submissionId, { number: row.number });
    const pdf = size <= MAX_PREVIEW_BYTES ? this.pdfs.files.read(row.seriesYear, row.fileName) : null;
    return { letter: await this.info(row, false), pdfBase64: pdf ? pdf.toString('base64') : null, pdfBytes: size };
  }

  async print(submissionId: string, actor: string): Promise<LetterPrintResult> {
    const row = this.letterOf(submissionId);
    const printer = this.s.settings.get().letterPrinter;
    if (!printer) {
      throw new ApiFailure('printer_not_ready', `no letter printer is configured (setting letterPrinter); letter ${row.number} is kept as PDF`, { number: row.number, printer: null });
    }
    const path = await this.pdfs.ensure(row);
    const outcome = await printWithLp(printer, path, `${row.number}`);
    const at = this.s.now().toISOString();
    this.s.store.transaction(() => {
      if (outcome.ok) this.s.store.letters.markPrinted(row.id, at);
      else this.s.store.letters.markPrintFailed(row.id, outcome.error ?? 'unknown');
      this.s.store.audit.append(actor, 'letter.print', submissionId, { number: row.number, printer, ok: outcome.ok, ...(outcome.error ? { error: outcome.error } : {}) });
    });
    if (!outcome.ok) {
      this.s.log.warn('letter print failed', { number: row.number, printer, error: outcome.error });
      throw new ApiFailure('printer_not_ready', `letter ${row.number} is issued and kept, but printing on ${printer} failed: ${outcome.error}`, {
        number: row.number,
        printer,
        error: outcome.error,
      });
    }
    return { letter: await this.info(this.s.store.letters.get(row.id)!, false), printer, jobId: outcome.jobId };
  }

  /** Valid / altered / unknown office, against this device's keys and the office keys cached from the hub. */
  async verify(token: string, nik?: string): Promise<LetterVerification> {
    const v = await verifyLetterToken(token, (office, keyId) => this.keys.lookup(office, keyId), nik);
    return describeVerdict(v, (id) => this.s.catalogue.find(id)?.title);
  }

  private letterOf(submissionId: string): LetterRow {
    const row = this.s.store.letters.bySubmission(submissionId);
    if (!row) throw new ApiFailure('not_found', `submission ${submissionId} has no letter yet`);
    return row;
  }

  /** The desk's view; with `write`, the PDF is made first when it is missing (a failure is logged, the letter stays issued). */
  private async info(row: LetterRow, write: boolean): Promise<LetterInfo> {
    let kept = this.pdfs.files.exists(row.seriesYear, row.fileName);
    if (write && !kept) {
      try {
        await this.pdfs.ensure(row);
        kept = true;
      } catch (err) {
        this.s.log.error('letter file could not be written; it is made again on the next start or view', { number: row.number, error: err });
      }
    }
    return {
      id: row.id,
      submissionId: row.submissionId,
      number: row.number,
      date: row.letterDate,
      issuedAt: row.issuedAt,
      serviceId: row.serviceId,
      serviceTitle: this.s.catalogue.find(row.serviceId)?.title ?? row.serviceId,
      templateId: row.templateId,
      templateVersion: row.templateVersion,
      issuedBy: row.signatory,
      token: row.token,
      fileKept: kept,
      printCount: row.printCount,
      printedAt: row.printedAt,
      lastPrintError: row.lastPrintError,
    };
  }
}

/** A PNG or JPEG of at most MAX_LOGO_BYTES; anything else is a settings problem the office must fix. */
function readLogo(path: string): Buffer {
  let fd: number | undefined;
  try {
    const size = statSync(path).size;
    if (size > MAX_LOGO_BYTES) throw new Error(`larger than ${MAX_LOGO_BYTES / 1024} KiB`);
    const buf = Buffer.alloc(size);
    fd = openSync(path, 'r');
    readSync(fd, buf, 0, size, 0);
    const png = buf.subarray(0, 8).equals(Buffer.from('89504e470d0a1a0a', 'hex'));
    const jpeg = buf[0] === 0xff && buf[1] === 0xd8;
    if (!png && !jpeg) throw new Error('not a PNG or JPEG image');
    return buf;
  } catch (err) {
    throw new ApiFailure('invalid_request', `the kop logo ${path} cannot be used (${err instanceof Error ? err.message : String(err)}); fix letterLogoFile in the settings`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The formatted number; a pattern that makes it too long is the office's to fix (the transaction rolls back, no number is used). */
function numberFor(pattern: string, parts: Parameters<typeof formatLetterNumber>[1]): string {
  try {
    return formatLetterNumber(pattern, parts);
  } catch (err) {
    throw new ApiFailure('invalid_request', err instanceof Error ? err.message : String(err));
  }
}

/** yyyy-mm-dd in the office's local time. */
function isoDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
