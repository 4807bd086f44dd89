import { describe, expect, it } from 'vitest';
import { entryIds, entryKind, placeEntry } from '../../../shared/console/catalogue-entry.js';

describe('a service or agency placed into the catalogue draft', () => {
  const draft = { services: [{ id: 'sku', agency: 'desa', title: 'SKU' }], note: 'kept' };

  it('tells a service (it names an agency or has fields) from an agency, and refuses what has no id', () => {
    expect(entryKind({ id: 'sku', agency: 'desa' })).toBe('service');
    expect(entryKind({ id: 'x', fields: [] })).toBe('service');
    expect(entryKind({ id: 'dinsos', name: 'Dinsos' })).toBe('agency');
    for (const bad of [null, [], 'sku', { name: 'tanpa id' }, { id: '' }]) expect(entryKind(bad)).toBeNull();
  });

  it('replaces the entry with the same id, adds a new one, and leaves the draft itself unchanged', () => {
    const edited = placeEntry(draft, { id: 'sku', agency: 'desa', title: 'SKU baru' });
    expect(edited).toMatchObject({ ok: true, kind: 'service', replaced: true });
    if (!edited.ok) throw new Error('placed');
    expect(edited.document.services).toEqual([{ id: 'sku', agency: 'desa', title: 'SKU baru' }]);
    expect(edited.document['note']).toBe('kept');
    expect(draft.services[0]!.title).toBe('SKU');

    const agency = placeEntry(edited.document, { id: 'dinsos', name: 'Dinsos', fullName: 'Dinas Sosial' });
    expect(agency).toMatchObject({ ok: true, kind: 'agency', replaced: false });
    if (!agency.ok) throw new Error('placed');
    expect(entryIds(agency.document)).toEqual([
      { kind: 'agency', id: 'dinsos' },
      { kind: 'service', id: 'sku' },
    ]);
    expect(placeEntry(draft, { title: 'no id' })).toEqual({ ok: false, error: expect.stringMatching(/"id"/) as unknown });
  });
});
