import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { createLogger } from '../../../main/log.js';
import { testRequest, TEST_APPLICANT } from '../../helpers/requests.js';

export const quiet = createLogger('test', () => {});
export const OUTPUT = resolve(import.meta.dirname, '..', '..', 'output', 'letters');

/** A full applicant as an e-KTP gives it (the letter prints birth place and date, RT/RW). */
export const CARD_APPLICANT = { ...TEST_APPLICANT, source: 'card' as const, tempatLahir: 'SERANG', tanggalLahir: '1985-08-12', jenisKelamin: 'LAKI-LAKI', rt: '002', rw: '005', kelDesa: 'KRAMATWATU', kecamatan: 'KRAMATWATU' };

export async function letterCore(dataDir: string, now?: () => Date): Promise<Core> {
  return createCore({ dataDir, shell: 'host', log: quiet, watchCatalogue: false, ...(now ? { now } : {}) });
}

/** A stored desa request through the real submit path. */
export async function submitDesa(core: Core, serviceId: 'sktm' | 'sku' | 'surat-domisili' = 'surat-domisili', over: Record<string, unknown> = {}): Promise<string> {
  const r = await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest(serviceId, { applicant: CARD_APPLICANT, ...over }));
  return r.submissionId;
}

/** Page 1 of a PDF as PNG (pdftoppm, poppler-utils), kept under tests/output/letters/. */
export function renderPage1(pdfPath: string, name: string, dpi = 150): Buffer {
  mkdirSync(OUTPUT, { recursive: true });
  const prefix = join(OUTPUT, name);
  execFileSync('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-singlefile', pdfPath, prefix]);
  return readFileSync(`${prefix}.png`);
}

/** A fake `lp` on PATH that records its arguments, then fails or succeeds. */
export function fakeLp(dir: string, mode: 'fail' | 'ok'): { env: string; log: string } {
  const bin = join(dir, 'bin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'lp.log');
  const body =
    mode === 'ok'
      ? `#!/bin/sh\necho "$@" >> '${log}'\necho "request id is kantor-7 (1 file(s))"\n`
      : `#!/bin/sh\necho "$@" >> '${log}'\necho "lp: The printer or class does not exist." >&2\nexit 1\n`;
  writeFileSync(join(bin, 'lp'), body);
  chmodSync(join(bin, 'lp'), 0o755);
  return { env: `${bin}:${process.env['PATH'] ?? ''}`, log };
}
