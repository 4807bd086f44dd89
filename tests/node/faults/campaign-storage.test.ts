import { execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { createConnection, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { openHubStore } from '../../../main/hub/open.js';
import { createLogger } from '../../../main/log.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';
import { writeFigures } from './figures.js';
import { built, exited, killAll, run, startHub, waitForLine } from './processes.js';

/**
 * The fault campaign's storage part (issue 14): the kiosk's data folder on a small tmpfs, filled
 * up at each step of capture → receipt print → batch/upload/ack (before the pass, and the moment
 * the hub has committed and answered, so the kiosk cannot note the ack) → status back, then made
 * read-only. Each step fails with a clear storage error or completes; nothing stored before is
 * lost or damaged, and once space is back everything goes on. The core runs in this process
 * with a real printer simulator and a real hub process (SQLite) upstream. Needs root (mount).
 */
afterAll(killAll);
const quiet = createLogger('test', () => {});
const ctx = { transport: 'internal' as const };
const outcomes: Record<string, string> = {};
afterAll(() => writeFigures('storage', { hub: 'sqlite', dataFolder: 'tmpfs 4 MiB; read-only: chattr +i', outcomes }));

function fill(dir: string): void {
  // Give the WAL back first, so the next write needs new pages (a reused WAL would not notice).
  const db = new Database(join(dir, 'data', 'anjungan.sqlite'));
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  for (const [bs, name] of [['64k', 'filler'], ['4k', 'filler2']] as const) {
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${join(dir, name)}`, `bs=${bs}`], { stdio: 'ignore' });
    } catch {
      /* dd stops when the disk is full: that is the point */
    }
  }
}
const free = (dir: string) => execFileSync('rm', ['-f', join(dir, 'filler'), join(dir, 'filler2')]);

async function control(socket: string, line: string): Promise<void> {
  await new Promise<void>((res, rej) => {
    const c = createConnection(socket, () => c.write(`${line}\n`));
    c.once('data', () => {
      c.end();
      res();
    });
    c.once('error', rej);
  });
}

describe('fault campaign: a full disk at each step, then a read-only store', () => {
  it('each step fails clearly or completes, nothing is lost, and all goes on once space is back', { timeout: 120_000 }, async () => {
    expect(built(), 'run `npm run build:node` first').toBe(true);
    const tmp = tempDir('anjungan-campaign-disk-');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0700', 'tmpfs', tmp.dir]);
    const side = tempDir('anjungan-campaign-side-');
    const hubDb = join(side.dir, 'hub.sqlite');
    const socket = join(side.dir, 'printer.sock');
    const printerProc = run(['sim', 'printer', '--tcp', '0', '--out', join(side.dir, 'receipts'), '--control', socket]);
    printerProc.stderr!.resume();
    const uri = (await waitForLine(printerProc, /sim printer on (tcp:\/\/\S+)/, 'sim printer'))[1]!;
    printerProc.stdout!.resume();
    const hub = await startHub(hubDb);
    // Between the kiosk and the hub: passes everything on; when armed, fills the kiosk's disk the
    // moment the hub has answered a batch upload (committed, ack on its way), before the kiosk reads it.
    const ackGate = { armed: false, fired: false };
    const proxy = createServer((req, res) => {
      const up = httpRequest({ host: '127.0.0.1', port: Number(new URL(hub.url).port), path: req.url, method: req.method, headers: req.headers }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (d: Buffer) => chunks.push(d));
        answer.on('end', () => {
          if (ackGate.armed && req.method === 'PUT' && (req.url ?? '').startsWith('/v1/batches/') && (answer.statusCode ?? 500) < 300) {
            ackGate.armed = false;
            ackGate.fired = true;
            fill(tmp.dir);
          }
          const headers = { ...answer.headers };
          delete headers['transfer-encoding'];
          res.writeHead(answer.statusCode ?? 502, { ...headers, 'content-length': String(Buffer.concat(chunks).length) });
          res.end(Buffer.concat(chunks));
        });
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', () => ok()));
    const upstream = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    let core: Core | undefined;
    let ro: { dir: string; cleanup: () => void } | undefined;
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      core = await createCore({
        dataDir: join(tmp.dir, 'data'),
        shell: 'host',
        log: quiet,
        watchCatalogue: false,
        devices: { reader: 'none', printer: uri },
        deviceTuning: { printerPollMs: 100, printRetryMs: 100 },
        sync: { upstream, debounceMs: 3_600_000, intervalMs: 3_600_000 },
      });
      const c = core;
      const store = c.services.store;
      const invoke = (name: Parameters<Core['dispatcher']['invoke']>[0], req: unknown) => c.dispatcher.invoke(name, req as never, ctx);
      const submit = async () => {
        const r = await c.dispatcher.invoke('kiosk:submit', testRequest('sktm'), ctx);
        if (!r.ok) throw new Error(`submit: ${r.error.code}`);
        return (r.value as { submissionId: string }).submissionId;
      };
      const printedJobs = (id: string) => store.printJobs.forSubmission(id).filter((j) => j.state === 'printed').length;
      const waitFor = async (what: string, test: () => boolean, ms = 15_000) => {
        const end = Date.now() + ms;
        while (!test()) {
          if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const sane = (count: number) => {
        expect(store.integrityCheck()).toEqual(['ok']);
        expect(store.submissions.count()).toBe(count);
      };
      const okOrStorage = (stage: string, r: { ok: boolean; error?: { code: string } }) => {
        outcomes[stage] = r.ok ? 'completed' : r.error!.code;
        if (!r.ok) expect(r.error!.code).toBe('storage_full');
      };

      /** sync:now answers its status; a pass the disk stopped says why in lastError. */
      const syncOrStorage = (stage: string, r: { ok: boolean; value?: unknown }) => {
        expect(r.ok).toBe(true);
        const err = (r.value as { lastError: { code: string; message: string } | null }).lastError;
        outcomes[stage] = err ? err.code : 'completed';
        if (err) expect(err).toMatchObject({ code: 'storage_full', message: expect.stringMatching(/this device's disk is full/) });
      };

      // Something stored before any fault, delivered and printed.
      const first = await submit();
      expect((await invoke('print:receipt', { submissionId: first })).ok).toBe(true);
      await waitFor('the first receipt', () => printedJobs(first) === 1);
      expect((await invoke('sync:now', {})).ok).toBe(true);
      let count = 1;

      // 1. capture
      fill(tmp.dir);
      const full = await c.dispatcher.invoke('kiosk:submit', testRequest('sktm'), ctx);
      expect(full).toMatchObject({ ok: false, error: { code: 'storage_full', message: 'the disk is full: nothing was stored' } });
      outcomes['capture'] = full.ok ? 'completed' : full.error.code;
      sane(count);
      free(tmp.dir);
      const second = await submit();
      count++;

      // 2. receipt print: the job cannot be queued
      fill(tmp.dir);
      okOrStorage('print: queue the job', await invoke('print:receipt', { submissionId: second }));
      sane(count);
      free(tmp.dir);
      if (printedJobs(second) === 0 && store.printJobs.forSubmission(second).length === 0) expect((await invoke('print:receipt', { submissionId: second })).ok).toBe(true);
      await waitFor('the second receipt', () => printedJobs(second) === 1);

      // 3. receipt print: queued while the printer waits, the disk fills, then the printer is ready
      const third = await submit();
      count++;
      await control(socket, 'paper out');
      await waitFor('the printer to report paper out', () => c.services.devices.status().printer.state === 'paper_out');
      expect((await invoke('print:receipt', { submissionId: third })).ok).toBe(true);
      fill(tmp.dir);
      await control(socket, 'paper ok');
      await new Promise((r) => setTimeout(r, 1_500));
      outcomes['print: mark printing/printed'] = `${store.printJobs.forSubmission(third)[0]?.state ?? 'none'} while full`;
      sane(count);
      free(tmp.dir);
      await waitFor('the third receipt once space is back', () => printedJobs(third) === 1);

      // 4. batch, upload, ack: the kiosk cannot note the batch or the ack
      fill(tmp.dir);
      syncOrStorage('batch/upload/ack', await invoke('sync:now', {}));
      sane(count);
      free(tmp.dir);
      const after = await invoke('sync:now', {});
      expect(after).toMatchObject({ ok: true, value: { backlog: 0, lastError: null } });

      // 4b. the hub commits the batch and answers its ack, and just then the disk fills: the kiosk
      // cannot note the ack; the next pass learns the hub has it and marks it delivered, once.
      await submit();
      count++;
      ackGate.armed = true;
      const mid = await invoke('sync:now', {});
      expect(ackGate.fired).toBe(true);
      syncOrStorage('ack: the hub committed, the kiosk full', mid);
      sane(count);
      expect(store.sync.backlog()).toBe(1);
      const atHubMid = await openHubStore(hubDb);
      try {
        expect(await atHubMid.count()).toBe(count);
      } finally {
        await atHubMid.close();
      }
      free(tmp.dir);
      expect(await invoke('sync:now', {})).toMatchObject({ ok: true, value: { backlog: 0, lastError: null } });

      // 5. status back: the hub decided, the kiosk cannot store it yet
      const hubStore = await openHubStore(hubDb);
      try {
        expect(await hubStore.setStatus(first, 'processing', 'diproses', new Date().toISOString())).not.toBeNull();
      } finally {
        await hubStore.close();
      }
      fill(tmp.dir);
      syncOrStorage('status back', await invoke('sync:now', {}));
      sane(count);
      free(tmp.dir);
      expect((await invoke('sync:now', {})).ok).toBe(true);
      expect(store.submissions.get(first)?.status).toBe('processing');

      const hubCount = await openHubStore(hubDb);
      try {
        expect(await hubCount.count()).toBe(count);
      } finally {
        await hubCount.close();
      }
      await c.close();
      core = undefined;
      // 6. a store that cannot be written (remount,ro is refused while it is open: chattr +i)
      ro = tempDir('anjungan-campaign-ro-');
      const roCore = await createCore({ dataDir: ro.dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: hub.url, debounceMs: 3_600_000, intervalMs: 3_600_000 } });
      core = roCore;
      expect((await roCore.dispatcher.invoke('kiosk:submit', testRequest('sktm'), ctx)).ok).toBe(true);
      const files = ['anjungan.sqlite', 'anjungan.sqlite-wal'].map((f) => join(ro!.dir, f));
      execFileSync('chattr', ['+i', ...files]);
      try {
        const r = await roCore.dispatcher.invoke('kiosk:submit', testRequest('sktm'), ctx);
        outcomes['read-only: submit'] = r.ok ? 'completed' : `${r.error.code}: ${r.error.message}`;
        expect(r).toMatchObject({ ok: false, error: { code: 'storage_read_only' } });
        const health = await roCore.dispatcher.invoke('app:health', {}, ctx);
        expect(health).toMatchObject({ ok: true, value: { store: { ok: false, problemCode: 'read_only' } } });
        const sync = await roCore.dispatcher.invoke('sync:now', {}, ctx);
        outcomes['read-only: sync'] = sync.ok ? ((sync.value as { lastError: { code: string } | null }).lastError?.code ?? 'completed') : sync.error.code;
        // The pass cannot note its batch (the submission above is pending): it says why.
        expect(sync).toMatchObject({ ok: true, value: { lastError: { code: 'storage_read_only' } } });
      } finally {
        execFileSync('chattr', ['-i', ...files]);
      }
      expect((await roCore.dispatcher.invoke('kiosk:submit', testRequest('sktm'), ctx)).ok).toBe(true);
      expect(roCore.services.store.submissions.count()).toBe(2);
      expect(roCore.services.store.integrityCheck()).toEqual(['ok']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
      await core?.close().catch(() => undefined);
      proxy.closeAllConnections();
      proxy.close();
      hub.proc.kill('SIGTERM');
      printerProc.kill('SIGTERM');
      await exited(hub.proc);
      await exited(printerProc);
      try {
        execFileSync('umount', [tmp.dir]);
      } finally {
        tmp.cleanup();
        side.cleanup();
        ro?.cleanup();
      }
    }
  });
});
