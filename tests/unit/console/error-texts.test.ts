import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ZodObject } from 'zod';
import { ConsoleApiError } from '../../../renderer/src/console/api.js';
import { consoleError, errorText } from '../../../renderer/src/console/error-text.js';
import * as consoleApi from '../../../shared/console/api.js';
import { CATALOGUE_PROBLEMS, catalogueFieldError, CONSOLE_CLIENT_CODES, CONSOLE_ERROR_CODES, FIELD_PROBLEMS, isConsoleErrorCode } from '../../../shared/console/errors.js';
import { validateCatalogueFile } from '../../../shared/catalogue/schema.js';
import { consoleId } from '../../../shared/i18n/console-id.js';

const text = (key: string): string | undefined => (consoleId as Record<string, string>)[key];
/** English words a Bahasa text would not have: a copied hub message gives itself away. */
const ENGLISH = /\b(the|is|not|may|must|request|field|invalid|error|failed)\b/i;

describe('the console says every API error in Bahasa Indonesia', () => {
  it('every code the console API can answer (and the console’s own offline) has a Bahasa text', () => {
    for (const code of [...CONSOLE_ERROR_CODES, ...CONSOLE_CLIENT_CODES]) {
      const t = text(`console.err.${code}`);
      expect(t, `console.err.${code} has no text in shared/i18n/console-errors-id.ts`).toBeTruthy();
      expect(t, code).not.toMatch(ENGLISH);
    }
    for (const p of FIELD_PROBLEMS) expect(text(`console.fieldProblem.${p}`), p).toBeTruthy();
    for (const p of CATALOGUE_PROBLEMS) expect(text(`console.cat.${p}`), p).toBeTruthy();
  });

  it('the hub’s console code answers only listed codes (a literal code anywhere in main/hub/console is one of them)', () => {
    const dir = join(import.meta.dirname, '../../../main/hub/console');
    const found = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      for (const m of src.matchAll(/new RouteError\(\s*[^,]+,\s*'([a-z_]+)'/g)) found.add(m[1]!);
      for (const m of src.matchAll(/new ConsoleError\([^;]*?,\s*'([a-z_]+)'\)/g)) found.add(m[1]!);
      for (const m of src.matchAll(/\{ error: \{ code: '([a-z_]+)'/g)) found.add(m[1]!);
    }
    // The scan sees the codes it should (so it would see a new one).
    for (const c of ['bad_request', 'unauthenticated', 'csrf', 'forbidden', 'not_found', 'too_large', 'catalogue_invalid', 'internal', 'stale_state', 'note_required']) expect(found).toContain(c);
    for (const c of found) expect(isConsoleErrorCode(c), `${c} is answered by main/hub/console but not in CONSOLE_ERROR_CODES`).toBe(true);
  });

  it('every field of every console request has a Bahasa name, so a field error names it', () => {
    const schemas = Object.entries(consoleApi).filter(([n, v]) => /(Body|Params)$/.test(n) && v && typeof v === 'object' && 'shape' in v);
    expect(schemas.map(([n]) => n).sort()).toEqual(
      ['ComplaintMoveBody', 'ComplaintParams', 'DashboardParams', 'EnrolmentBody', 'InboxParams', 'LoginBody', 'MoveBody', 'PublishBody', 'RenameBody', 'RollbackBody', 'UserBody'].sort(),
    );
    for (const [name, schema] of schemas) {
      for (const field of Object.keys((schema as ZodObject).shape)) expect(text(`console.field.${field}`), `${name}.${field}`).toBeTruthy();
    }
  });

  it('maps an answer to its text, each bad field by name, a lockout with its wait; an unknown code by its HTTP status; no answer as offline', () => {
    const v = consoleError(new ConsoleApiError(400, 'bad_request', 'some fields are not valid', [], { password: 'too_short', 'ids.0': 'required' }));
    expect(v.text).toBe('Isian belum benar. Periksa kolom yang ditandai.');
    expect(v.fields).toEqual({ password: 'terlalu pendek (kata sandi paling sedikit 8 karakter)', ids: 'wajib diisi' });
    expect(v.lines).toEqual(['Kata sandi: terlalu pendek (kata sandi paling sedikit 8 karakter)', 'Permohonan yang dipilih: wajib diisi']);
    expect(errorText(new ConsoleApiError(401, 'bad_credentials', 'wrong username or password'))).toBe('Nama pengguna atau kata sandi salah.');
    expect(errorText(new ConsoleApiError(429, 'locked', 'account locked', [], {}, 60))).toBe('Akun dikunci sementara karena terlalu banyak percobaan gagal. Coba lagi dalam 60 detik.');
    expect(errorText(new ConsoleApiError(409, 'something_new', 'x'))).toBe(text('console.err.conflict'));
    expect(errorText(new ConsoleApiError(0, 'offline', 'fetch failed'))).toBe(text('console.err.offline'));
    expect(errorText(new Error('boom'))).toBe(text('console.err.internal'));
  });

  it('a refused catalogue is said entry by entry and field by field, from the schema’s own lines', () => {
    const r = validateCatalogueFile('sku.json', {
      id: 'sku',
      version: 1,
      agency: 'desa',
      title: '',
      fields: [{ id: 'nama', type: 'text', label: 'x'.repeat(200) }],
      surprise: true,
    });
    expect(r.ok).toBe(false);
    const errors = r.ok ? [] : r.errors;
    const parsed = errors.map(catalogueFieldError);
    expect(parsed.every((p) => p.entry === 'sku.json')).toBe(true);
    expect(parsed.map((p) => p.problem)).toEqual(expect.arrayContaining(['required', 'too_long', 'unknown_key']));
    const v = consoleError(new ConsoleApiError(400, 'catalogue_invalid', 'the catalogue is not valid', errors));
    expect(v.text).toBe('Katalog tidak valid, belum diterbitkan. Perbaiki isian berikut:');
    expect(v.lines).toContain('sku.json, isian title: wajib diisi');
    expect(v.lines).toContain('sku.json, isian fields[0].label: terlalu panjang (paling banyak 120 karakter)');
    expect(catalogueFieldError('hub catalogue has no services')).toMatchObject({ entry: null, problem: 'no_services' });
  });
});
