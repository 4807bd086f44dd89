import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CatalogueService } from '../../../main/catalogue/catalogue-service.js';
import { createLogger } from '../../../main/log.js';
import { CATALOGUE_DIR } from '../../../main/paths.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

describe('catalogue service: last good catalogue', () => {
  let tmp: ReturnType<typeof tempDir>;
  let root: string;
  let dir: string;
  beforeEach(() => {
    tmp = tempDir();
    root = join(tmp.dir, 'catalogue');
    cpSync(join(CATALOGUE_DIR, 'services'), join(root, 'services'), { recursive: true });
    cpSync(join(CATALOGUE_DIR, 'agencies'), join(root, 'agencies'), { recursive: true });
    cpSync(join(CATALOGUE_DIR, 'letters'), join(root, 'letters'), { recursive: true });
    dir = join(root, 'services');
  });
  afterEach(() => tmp.cleanup());

  const make = () => new CatalogueService({ dirs: [root], lastGoodFile: join(tmp.dir, 'last-good.json'), log: quiet });

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
        id: 'surat-bepergian', version: 1, agency: 'desa', queueGroup: 'B', title: 'Surat keterangan bepergian', summary: 'Surat untuk bepergian jauh.',
        icon: 'document', fields: [{ id: 'tujuan', type: 'text', label: 'Ke mana Anda pergi?' }], requirements: [], fee: { amount: 0 },
        sla: { days: 1, text: '1 hari kerja' }, completion: 'desa',
      }),
    );
    const added = c.reload();
    expect(added.errors).toEqual([]);
    expect(added.services.length).toBe(before.services.length + 1);
    expect(c.find('surat-bepergian')?.title).toBe('Surat keterangan bepergian');

    writeFileSync(join(dir, 'sku.json'), JSON.stringify({ ...JSON.parse('{"id":"sku","version":2}'), agency: 'desa' }));
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

  it('a new agency file adds an agency and its services without code; a service naming no known agency is refused', () => {
    const c = make();
    writeFileSync(
      join(root, 'agencies', 'dinkes.json'),
      JSON.stringify({ id: 'dinkes', name: 'Dinkes', fullName: 'Dinas Kesehatan', icon: 'health', order: 60, keywords: ['puskesmas'] }),
    );
    const service = (id: string, agency: string) => ({
      id, version: 1, agency, queueGroup: 'H', title: 'Rujukan puskesmas', summary: 'Surat rujukan ke puskesmas.',
      icon: 'health', fields: [], requirements: [], fee: { amount: 0 }, sla: { days: 1, text: '1 hari kerja' }, completion: 'forward', forwardTo: 'Puskesmas',
    });
    writeFileSync(join(dir, 'rujukan.json'), JSON.stringify(service('rujukan', 'dinkes')));
    const st = c.reload();
    expect(st.errors).toEqual([]);
    expect(st.agencies.map((a) => a.id)).toContain('dinkes');
    expect(c.agency('dinkes')?.fullName).toBe('Dinas Kesehatan');
    expect(c.find('rujukan')?.agency).toBe('dinkes');

    writeFileSync(join(dir, 'lain.json'), JSON.stringify(service('lain', 'dinas-tidak-ada')));
    const refused = c.reload();
    expect(refused.errors).toContain('file lain.json: field agency: no agency "dinas-tidak-ada" in the catalogue (add agencies/dinas-tidak-ada.json)');
    expect(c.find('lain')).toBeUndefined();
  });
});
