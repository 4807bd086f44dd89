import { afterEach, describe, expect, it, vi } from 'vitest';
import { hubStatusCommand } from '../../../main/cli/commands/hub-data.js';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { openHubStore } from '../../../main/hub/open.js';
import { testRequest } from '../../helpers/requests.js';
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
    const req = testRequest('surat-domisili');
    const id = req.id;
    const sub = await invokeOrThrow(core.dispatcher, 'kiosk:submit', req);
    // The pump starts on the new submission (debounced) and delivers it.
    await vi.waitFor(async () => expect((await invokeOrThrow(core!.dispatcher, 'sync:status', {})).backlog).toBe(0), { timeout: 10_000, interval: 50 });
    const hubDb = core.services.sync.hubDb!;
    const hub = await openHubStore(hubDb);
    try {
      expect(await hub.count()).toBe(1);
      // The hub record carries the whole request: applicant, answers, consent, channel, queue number.
      const record = JSON.parse((await hub.getSubmission(id))!.text) as { payload: Record<string, unknown> };
      expect(record.payload).toMatchObject({
        applicant: { nik: req.applicant.nik, source: 'manual' },
        answers: { keperluan: 'kerja' },
        consent: { accepted: true, statementVersion: 'pdp-2026-01' },
        channel: 'kiosk',
        operator: null,
        queueNo: sub.queueNo,
      });
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
