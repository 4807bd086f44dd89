import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HubClient } from '../../../main/sync/client.js';
import { SyncEngine } from '../../../main/sync/engine.js';
import { deviceIdentity } from '../../../main/sync/keys.js';
import { openKioskFile, type KioskSyncDb } from '../../../main/sync/kiosk-db.js';
import { ticketForHub } from '../../../main/sync/queue-sync.js';
import type { QueueTicketSync } from '../../../shared/sync/queue.js';
import { tempDir } from '../../helpers/tmp.js';
import { BACKENDS } from '../hub/backends.js';
import { caller, queueCore, START_MS } from '../queue/queue-helpers.js';
import { quiet, rig, type Rig } from './harness.js';

const DAY = { from: '2026-11-23', to: '2026-11-23' };

for (const backend of BACKENDS) {
  describe(`queue tickets kiosk → hub (${backend.name})`, () => {
    let r: Rig | undefined;
    let office: KioskSyncDb | undefined;
    const tmp = tempDir();
    afterEach(async () => {
      office?.close();
      await r?.close();
      tmp.cleanup();
    });

    it('carries each ticket at its newest version with its times (a re-send or an older version is a no-op) and the hub tallies per office and day', async () => {
      r = await rig(backend);
      const clock = { ms: START_MS }; // 08:00 WIB, 23 Nov 2026
      const later = (s: number) => void (clock.ms += s * 1000);
      let core = await queueCore(tmp.dir, clock);
      const kiosk = caller(core, 'kiosk');
      let op = caller(core, 'operator', 'siti');
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await kiosk.ok('queue:take', { group: 'general' })).ticket.id);
      later(120);
      await op.ok('queue:next', { counter: 1 }); // U-001 waited 120 s
      await op.ok('queue:recall', { counter: 1 }); // a recall is no second wait
      later(30);
      await op.ok('queue:start', { counter: 1 });
      later(300);
      await op.ok('queue:finish', { counter: 1 }); // served 300 s
      await op.ok('queue:next', { counter: 1 }); // U-002 waited 450 s
      await op.ok('queue:no-show', { counter: 1 });
      await core.close();

      // The office's own data folder, synced by the engine as the core would.
      office = openKioskFile(join(tmp.dir, 'anjungan.sqlite'));
      const engine = () => new SyncEngine({ kiosk: office!, upstream: r!.hub.url, log: quiet, backoffBaseMs: 20, backoffMaxMs: 200, stallTimeoutMs: 5000 });
      expect(office.queue.unsyncedCount()).toBe(3);
      const firstU3 = ticketForHub(office.queue.get(ids[2]!)!, office.queue.moves(ids[2]!));
      expect(firstU3).toMatchObject({ day: '2026-11-23', group: 'U', number: 3, state: 'issued', waitSeconds: 0, waits: 0, version: 1 });
      await engine().runOnce();
      expect(office.queue.unsyncedCount()).toBe(0);

      let t = await r.store.queue.tally(DAY);
      expect(t.overall).toEqual({ issued: 3, called: 2, done: 1, noShow: 1, cancelled: 0, waitMeanS: 285, serveMeanS: 300 });
      expect(t.byOffice).toHaveLength(1);
      expect(t.byOffice[0]!.officeCode).toBeNull(); // this device published no letter key
      expect(t.byOffice[0]!.byDay).toEqual([{ day: '2026-11-23', ...t.overall }]);
      expect((await r.store.queue.tally({ from: '2026-11-24', to: '2026-11-30' })).overall.issued).toBe(0);

      // The same page again, straight to the hub: every id answered as held, the tally unchanged.
      const client = new HubClient(r.hub.url, deviceIdentity(office.deviceId, office.sync));
      const sent: QueueTicketSync[] = ids.slice(0, 2).map((id) => ticketForHub(office!.queue.get(id)!, office!.queue.moves(id)));
      expect(sent.map((s) => [s.waitSeconds, s.waits, s.serveSeconds, s.serves])).toEqual([[120, 1, 300, 1], [450, 1, 0, 0]]);
      expect(await client.postQueueTickets(sent)).toEqual({ accepted: [], duplicate: sent.map((s) => s.id) });
      expect((await r.store.queue.tally(DAY)).overall).toEqual(t.overall);

      // U-003 moves on later: only it goes up, and the tally moves by the difference.
      core = await queueCore(tmp.dir, clock);
      op = caller(core, 'operator', 'siti');
      later(60);
      await op.ok('queue:next', { counter: 1 }); // U-003 waited 120 + 30 + 300 + 60 = 510 s
      await op.ok('queue:start', { counter: 1 });
      later(90);
      await op.ok('queue:finish', { counter: 1 });
      await core.close();
      expect(office.queue.unsyncedCount()).toBe(1);
      await engine().runOnce();
      expect(office.queue.unsyncedCount()).toBe(0);
      t = await r.store.queue.tally(DAY);
      expect(t.overall).toEqual({ issued: 3, called: 3, done: 2, noShow: 1, cancelled: 0, waitMeanS: 360, serveMeanS: 195 });

      // An older version arriving late changes nothing; nor does another device sending this office's ticket id.
      expect(await client.postQueueTickets([firstU3])).toEqual({ accepted: [], duplicate: [firstU3.id] });
      await r.engine().runOnce(); // enrols the rig's own device
      const other = new HubClient(r.hub.url, deviceIdentity(r.kiosk.deviceId, r.kiosk.sync));
      expect(await other.postQueueTickets([{ ...firstU3, state: 'cancelled', version: 99 }])).toEqual({ accepted: [], duplicate: [firstU3.id] });
      expect((await r.store.queue.tally(DAY)).overall).toEqual(t.overall);
      await expect(client.postQueueTickets([{ ...firstU3, waitSeconds: -1, version: 99 }])).rejects.toMatchObject({ code: 'bad_request' });
      expect((await r.store.queue.tally(DAY)).overall).toEqual(t.overall);
    });
  });
}
