import type { Store } from '../../db/store.js';
import type { LetterRow } from '../../db/queries/letters.js';
import type { Logger } from '../../log.js';
import { LetterContent } from '../../../shared/letters/content.js';
import type { LetterFiles } from './letter-files.js';
import { renderLetterPdf } from './pdf.js';

/**
 * A letter's PDF from its record: drawn from the stored snapshot (and the logo it used, kept by
 * hash), so regenerating gives the same bytes. At start every missing file is made again.
 */
export class LetterPdfs {
  constructor(
    private readonly store: Store,
    readonly files: LetterFiles,
    private readonly log: Logger,
  ) {}

  async render(row: LetterRow): Promise<Buffer> {
    const content = LetterContent.parse(row.content);
    const logo = content.kop.logoSha256 ? this.store.letters.asset(content.kop.logoSha256) : undefined;
    if (content.kop.logoSha256 && !logo) throw new Error(`letter ${row.number}: its logo ${content.kop.logoSha256.slice(0, 12)} is not in the store`);
    return renderLetterPdf(content, logo ?? null);
  }

  /** The PDF's path, writing it first when it is missing. */
  async ensure(row: LetterRow): Promise<string> {
    if (this.files.exists(row.seriesYear, row.fileName)) return this.files.pathOf(row.seriesYear, row.fileName);
    const path = this.files.write(row.seriesYear, row.fileName, await this.render(row));
    this.log.info('letter file written', { number: row.number });
    return path;
  }

  private running: Promise<number> | null = null;

  /** Removes half-written files and regenerates every missing PDF; answers how many were made (a call during a run joins it). */
  ensureAll(): Promise<number> {
    this.running ??= this.ensureMissing().finally(() => (this.running = null));
    return this.running;
  }

  private async ensureMissing(): Promise<number> {
    this.files.removeStale();
    const missing: string[] = [];
    for (const f of this.store.letters.files()) if (!this.files.exists(f.series_year, f.file_name)) missing.push(f.id);
    let made = 0;
    for (const id of missing) {
      const row = this.store.letters.get(id);
      if (!row) continue;
      try {
        await this.ensure(row);
        made++;
      } catch (err) {
        this.log.error('cannot regenerate a letter file', { number: row.number, error: err });
      }
    }
    if (made > 0) this.log.warn('missing letter files regenerated', { count: made });
    return made;
  }
}
