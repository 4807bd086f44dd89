import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubStatusCommand } from '../../../main/cli/commands/hub-data.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { openHubStore } from '../../../main/hub/open.js';
import { tempDir } from '../../helpers/tmp.js';
import { quiet } from './harness.js';

describe('core with the embedded hub: kiosk → hub → status back', () => {
  let core: Core | undefined;
  let tmp: ReturnType<typeof tempDir>;
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
  });

  it('delivers a submission, and a status set at the hub reaches the kiosk with its history', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: null, embeddedHub: true, debounceMs: 10 } });
    const progress: string[] = [];
    core.events.on('sync:progress', (p) => progress.push(p.phase));
    const id = randomUUID();
    const sub = await invokeOrThrow(core.dispatcher, 'submissions:create', {
      id,
      serviceId: 'surat-domisili',
      serviceVersion: 1,
      payload: { alamat: 'Kp. Baru RT 01/02' },
    });
    // The pump starts on the new submission (debounced) and delivers it.
    await vi.waitFor(async () => expect((await invokeOrThrow(core!.dispatcher, 'sync:status', {})).backlog).toBe(0), { timeout: 10_000, interval: 50 });
    const hubDb = core.services.sync.hubDb!;
    const hub = await openHubStore(hubDb);
    try {
      expect(await hub.count()).toBe(1);
    } finally {
      await hub.close();
    }
    expect(core.services.store.submissions.get(id)?.status).toBe('sent');

    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await hubStatusCommand.run(['set', sub.registrationNo, 'processing', '--note', 'Berkas diperiksa', '--db', hubDb])).toBe(0);
    } finally {
      write.mockRestore();
    }
    const st = await invokeOrThrow(core.dispatcher, 'sync:now', {});
    expect(st.state).toBe('idle');
    expect(st.lastError).toBeNull();
    const detail = await invokeOrThrow(core.dispatcher, 'submissions:get', { id });
    expect(detail.status).toBe('processing');
    expect(detail.history.map((h) => [h.status, h.source])).toEqual([
      ['received', 'local'],
      ['sent', 'local'],
      ['processing', 'hub'],
    ]);
    expect(detail.history.at(-1)?.note).toBe('Berkas diperiksa');
    expect(progress).toContain('done');
  });

  it('starts no sync and no server without sync options', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
    const st = await invokeOrThrow(core.dispatcher, 'sync:status', {});
    expect(st.state).toBe('disabled');
    expect(core.services.sync.hubUrl).toBeNull();
  });
});
