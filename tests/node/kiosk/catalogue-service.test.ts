import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogueService } from '../../../main/catalogue/catalogue-service.js';
import { createLogger } from '../../../main/log.js';
import { CATALOGUE_DIR } from '../../../main/paths.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

describe('catalogue service: last good catalogue', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dir: string;
  beforeEach(() => {
    tmp = tempDir();
    dir = join(tmp.dir, 'services');
    mkdirSync(dir);
    for (const f of readdirSync(CATALOGUE_DIR)) copyFileSync(join(CATALOGUE_DIR, f), join(dir, f));
  });
  afterEach(() => tmp.cleanup());

  const make = () => new CatalogueService({ dirs: [dir], lastGoodFile: join(tmp.dir, 'last-good.json'), log: quiet });

  it('loads every shipped service', () => {
    const c = make();
    const st = c.reload();
    expect(st.errors).toEqual([]);
    expect(st.services.length).toBeGreaterThanOrEqual(15);
    expect(st.source).toBe('files');
  });

  it('a new file adds a service without code; a broken file is refused with a precise message and the previous catalogue stays active', () => {
    const c = make();
    const before = c.reload();
    writeFileSync(
      join(dir, 'surat-bepergian.json'),
      JSON.stringify({
        id: 'surat-bepergian', version: 1, opd: 'desa', queueGroup: 'B', title: 'Surat keterangan bepergian', summary: 'Surat untuk bepergian jauh.',
        icon: 'document', fields: [{ id: 'tujuan', type: 'text', label: 'Ke mana Anda pergi?' }], requirements: [], fee: { amount: 0 },
        sla: { days: 1, text: '1 hari kerja' }, completion: 'desa',
      }),
    );
    const added = c.reload();
    expect(added.errors).toEqual([]);
    expect(added.services.length).toBe(before.services.length + 1);
    expect(c.find('surat-bepergian')?.title).toBe('Surat keterangan bepergian');

    writeFileSync(join(dir, 'sku.json'), JSON.stringify({ ...JSON.parse('{"id":"sku","version":2}'), opd: 'desa' }));
    writeFileSync(join(dir, 'rusak.json'), '{ not json');
    const refused = c.reload();
    expect(refused.errors.some((e) => e.startsWith('file sku.json: field title:'))).toBe(true);
    expect(refused.errors.some((e) => e.startsWith('file rusak.json: field (root): not valid JSON'))).toBe(true);
    expect(refused.revision).toBe(added.revision);
    expect(c.find('sku')?.version).toBe(1);
    expect(refused.services.length).toBe(added.services.length);

    // After a restart with the broken files still there, the last good copy keeps the kiosk working.
    const restarted = make().reload();
    expect(restarted.source).toBe('last-good');
    expect(restarted.services.length).toBe(added.services.length);
    expect(restarted.errors.length).toBeGreaterThan(0);
  });
});
