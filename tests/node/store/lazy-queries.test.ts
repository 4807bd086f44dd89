import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from '../../../main/db/store.js';
import { tempDir } from '../../helpers/tmp.js';

const GROUPS = ['device', 'settings', 'submissions', 'audit', 'printJobs', 'cardUids', 'kiosk', 'sync', 'users', 'statusOutbox', 'letters', 'search', 'reports', 'privacy', 'queue'] as const;

describe('the store prepares each query group on first use (a CLI start prepares only what it runs)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store | undefined;
  beforeEach(() => {
    tmp = tempDir();
    openStore(tmp.dir).close(); // created and migrated, so the opens below only open
  });
  afterEach(() => {
    store?.close();
    vi.restoreAllMocks();
    tmp.cleanup();
  });

  it('prepares no group at open, one group when it is first read, and keeps it', () => {
    const prepare = vi.spyOn(Database.prototype, 'prepare');
    store = openStore(tmp.dir);
    const atOpen = prepare.mock.calls.length;
    const sync = store.sync;
    const forSync = prepare.mock.calls.length - atOpen;
    expect(forSync).toBeGreaterThan(5);
    expect(store.sync).toBe(sync);
    expect(prepare.mock.calls.length).toBe(atOpen + forSync);
    for (const g of GROUPS) void store[g];
    const all = prepare.mock.calls.length;
    // Every other group was still unprepared after the open and the sync group.
    expect(all - atOpen - forSync).toBeGreaterThan(2 * forSync);
    expect(atOpen).toBeLessThan(all / 10);
  });

  it('lists every group, works through each, and refuses to have one replaced', () => {
    store = openStore(tmp.dir);
    expect(Object.keys(store)).toEqual(expect.arrayContaining([...GROUPS]));
    store.settings.writeMany({ office: { name: 'Desa Uji' } });
    expect(store.settings.readAll()).toMatchObject({ office: { name: 'Desa Uji' } });
    expect(() => {
      (store as unknown as Record<string, unknown>)['sync'] = {};
    }).toThrow(TypeError);
    expect(typeof store.sync).toBe('object');
  });
});
