import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import type { ClientSession } from '../../../main/core/client-session.js';
import { openHubStore } from '../../../main/hub/open.js';
import { createLogger } from '../../../main/log.js';
import { testRequest } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

describe('the desa workflow at the desk: walk-in, inbox, moves by role, kiosk status, statuses up to the hub', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  const pages: Record<string, ClientSession> = {};
  const call = (who: string, name: string, req: unknown) => core.dispatcher.invoke(name, req, { transport: 'host', session: pages[who]! });
  const ok = async <T = Record<string, unknown>>(who: string, name: string, req: unknown): Promise<T> => {
    const r = await call(who, name, req);
    if (!r.ok) throw new Error(`${who} ${name}: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  beforeEach(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, sync: { upstream: null, embeddedHub: true, debounceMs: 20 } });
    const admin = core.services.sessions.create('desk');
    pages['admin'] = admin;
    await ok('admin', 'auth:setup', { username: 'admin', name: 'Admin Desa', password: 'rahasia-admin-1' });
    for (const [u, role] of [['siti', 'operator'], ['kasi', 'verifier'], ['kades', 'signatory']] as const) {
      await ok('admin', 'users:add', { username: u, name: u.toUpperCase(), role, password: `${u}-rahasia-1` });
      pages[u] = core.services.sessions.create('desk');
      await ok(u, 'auth:login', { username: u, password: `${u}-rahasia-1` });
    }
    pages['kiosk'] = core.services.sessions.create('kiosk');
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  it('a walk-in goes through every state; each move by its role, noted, audited, shown at the kiosk and at the hub', async () => {
    const draft = testRequest('surat-domisili');
    expect(await call('kiosk', 'desk:submit', draft)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const receipt = await ok<{ submissionId: string; trackingCode: string; queueNo: string }>('siti', 'desk:submit', draft);
    const id = receipt.submissionId;
    const stored = await ok<{ request: { channel: string; operator: { username: string } } }>('siti', 'desk:request', { id });
    expect(stored.request).toMatchObject({ channel: 'desk', operator: { username: 'siti', name: 'SITI' } });

    const inbox = await ok<{ items: { id: string; status: string; sla: { days: number } }[]; total: number }>('siti', 'desk:inbox', {});
    expect(inbox.items.map((i) => i.id)).toContain(id);
    expect(inbox.items.find((i) => i.id === id)!.sla.days).toBeGreaterThan(0);

    const move = (who: string, m: string, note?: string) => call(who, 'desk:move', { id, move: m, ...(note ? { note } : {}) });
    expect((await move('siti', 'check')).ok).toBe(true);
    expect(await move('siti', 'incomplete')).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect((await move('siti', 'incomplete', 'fotokopi KK')).ok).toBe(true);

    // The resident sees what is missing at the kiosk, from this device's own store (offline).
    const seen = await ok<{ status: string; history: { note: string | null }[] }>('kiosk', 'kiosk:status', { code: receipt.trackingCode });
    expect(seen.status).toBe('incomplete');
    expect(seen.history.at(-1)!.note).toBe('fotokopi KK');
    expect(JSON.stringify(seen)).not.toContain('siti');

    expect((await move('siti', 'resume')).ok).toBe(true);
    expect(await move('siti', 'approve')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await move('kasi', 'approve')).ok).toBe(true);
    expect(await move('kasi', 'sign')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await move('kades', 'sign')).ok).toBe(true);
    expect(await move('kades', 'sign')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Signing issued the letter: numbered once, with its QR token, verifiable offline.
    const letter = await ok<{ letter: { number: string; token: string } }>('siti', 'letters:get', { submissionId: id });
    expect(letter.letter.number).toMatch(/^470\//);
    expect(await ok('kiosk', 'letters:verify', { token: letter.letter.token })).toMatchObject({ outcome: 'valid' });
    const done = await ok<{ status: string; history: { status: string; actor: string | null }[]; moves: unknown[] }>('siti', 'desk:move', { id, move: 'collect' });
    expect(done.status).toBe('collected');
    expect(done.moves).toEqual([]);
    expect(done.history.map((h) => [h.status, h.actor])).toEqual([
      ['received', null],
      ['checking', 'operator:siti'],
      ['incomplete', 'operator:siti'],
      ['checking', 'operator:siti'],
      ['awaiting_signature', 'verifier:kasi'],
      ['ready', 'signatory:kades'],
      ['collected', 'operator:siti'],
    ]);
    const audited = core.services.store.audit.list({ action: 'workflow', subject: id }, 50, 0).items.map((e) => e.action);
    expect(audited.sort()).toEqual(['workflow.approve', 'workflow.check', 'workflow.collect', 'workflow.incomplete', 'workflow.resume', 'workflow.sign'].sort());

    // Up to the hub: the submission first, then its statuses, each once; none of them echoes back down.
    await ok('siti', 'sync:now', {});
    await ok('siti', 'sync:now', {});
    expect(core.services.store.statusOutbox.pendingCount()).toBe(0);
    const hub = await openHubStore(join(tmp.dir, 'hub', 'hub.sqlite'));
    try {
      expect((await hub.getSubmission(id))!.status).toBe('collected');
      expect((await hub.statusSince(core.services.deviceId, 0, 100)).items).toEqual([]);
    } finally {
      await hub.close();
    }
    // Delivery is shown beside the desa's own state, never instead of it.
    const after = await ok<{ history: unknown[]; delivered: boolean; status: string }>('siti', 'desk:request', { id });
    expect(after).toMatchObject({ delivered: true, status: 'collected' });
    expect(after.history).toHaveLength(done.history.length);
  });

  it('a forwarded service is the agency\'s to move: no moves at the desk, the state the hub reports, and who to ask', async () => {
    const r = await ok<{ submissionId: string }>('siti', 'desk:submit', testRequest('ktp-el-baru'));
    const view = await ok<{ completion: string; forwardTo: string; moves: unknown[] }>('siti', 'desk:request', { id: r.submissionId });
    expect(view).toMatchObject({ completion: 'forward', moves: [] });
    expect(view.forwardTo).toContain('Disdukcapil');
    expect(await call('siti', 'desk:move', { id: r.submissionId, move: 'check' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // The agency works it at the hub; the next sync brings its state to the desk, marked as the hub's.
    await ok('siti', 'sync:now', {});
    const hub = await openHubStore(join(tmp.dir, 'hub', 'hub.sqlite'));
    try {
      expect(await hub.setStatus(r.submissionId, 'processing', 'Berkas diperiksa Disdukcapil', new Date().toISOString())).toEqual({ id: r.submissionId });
    } finally {
      await hub.close();
    }
    await ok('siti', 'sync:now', {});
    await ok('siti', 'sync:now', {});
    const after = await ok<{ status: string; forwardTo: string; history: { status: string; note: string | null; source: string; actor: string | null }[] }>('siti', 'desk:request', { id: r.submissionId });
    expect(after.status).toBe('processing');
    expect(after.forwardTo).toContain('Disdukcapil');
    expect(after.history.at(-1)).toEqual({ status: 'processing', note: 'Berkas diperiksa Disdukcapil', source: 'hub', actor: null, at: expect.any(String) });
    expect(after.history[0]).toMatchObject({ status: 'received', source: 'local' });
  });
});
