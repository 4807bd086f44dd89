import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { invokeOrThrow } from '../../../main/core/dispatcher.js';
import { createLogger } from '../../../main/log.js';
import { testRequest, TEST_APPLICANT } from '../../helpers/requests.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

/** The calls behind the desk's users screen and the kiosk's "Cek keaslian surat". */
describe('users screen calls: add, disable, reset, unlock; all audited; the last admin stays', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  let clock: number;
  beforeEach(async () => {
    tmp = tempDir();
    clock = Date.parse('2026-12-01T08:00:00Z');
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false, now: () => new Date(clock) });
    await core.services.settings.update({ role: 'operator' }, 'test');
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  const page = () => core.services.sessions.create();
  const call = (session: ReturnType<typeof page>, name: string, req: unknown) => core.dispatcher.invoke(name, req, { transport: 'host', session });
  const actions = () => core.services.store.audit.list({}, 500, 0).items.map((r) => `${r.actor} ${r.action}`);

  it('an admin unlocks a locked operator, resets a password, disables; the last admin cannot be disabled or demoted', async () => {
    const admin = page();
    expect((await call(admin, 'auth:setup', { username: 'admin', name: 'Admin Desa', password: 'rahasia-admin-1' })).ok).toBe(true);
    const added = await call(admin, 'users:add', { username: 'siti', name: 'Siti Aminah', role: 'operator', password: 'siti-rahasia-2026' });
    expect(added.ok).toBe(true);
    const siti = (added as { value: { id: string } }).value.id;

    // Five wrong passwords lock her out; the admin's unlock lets the right one in at once.
    const desk = page();
    for (let i = 0; i < 5; i++) await call(desk, 'auth:login', { username: 'siti', password: 'salah-salah-1' });
    expect(await call(desk, 'auth:login', { username: 'siti', password: 'siti-rahasia-2026' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call(admin, 'users:list', {})).toMatchObject({ ok: true, value: { items: expect.arrayContaining([expect.objectContaining({ username: 'siti', locked: true })]) } });
    expect(await call(admin, 'users:unlock', { id: siti })).toMatchObject({ ok: true, value: { username: 'siti', locked: false } });
    expect((await call(desk, 'auth:login', { username: 'siti', password: 'siti-rahasia-2026' })).ok).toBe(true);
    // An operator may not manage users, unlock included.
    expect(await call(desk, 'users:unlock', { id: siti })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(admin, 'users:unlock', { id: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // Reset: the old password stops working, the new one works.
    expect((await call(admin, 'users:update', { id: siti, password: 'baru-rahasia-2026' })).ok).toBe(true);
    expect((await call(page(), 'auth:login', { username: 'siti', password: 'siti-rahasia-2026' })).ok).toBe(false);
    expect((await call(page(), 'auth:login', { username: 'siti', password: 'baru-rahasia-2026' })).ok).toBe(true);

    // Disabled: no login.
    expect(await call(admin, 'users:update', { id: siti, disabled: true })).toMatchObject({ ok: true, value: { disabled: true } });
    expect(await call(page(), 'auth:login', { username: 'siti', password: 'baru-rahasia-2026' })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    // The only admin: neither disabled nor demoted, and nothing changed by the refusal.
    const adminId = (await invokeOrThrow(core.dispatcher, 'users:list', {})).items.find((u) => u.username === 'admin')!.id;
    expect(await call(admin, 'users:update', { id: adminId, disabled: true })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(admin, 'users:update', { id: adminId, role: 'operator' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(core.services.store.users.byId(adminId)).toMatchObject({ role: 'admin', disabled: false });

    expect(actions()).toEqual(
      expect.arrayContaining(['setup user.add', 'admin:admin user.add', 'admin:admin user.unlock', 'admin:admin user.update', 'operator:siti login.locked']),
    );
    const unlock = core.services.store.audit.list({ action: 'user.unlock' }, 10, 0).items[0]!;
    expect(unlock).toMatchObject({ subject: siti, detail: { username: 'siti', failures: 5 } });
    expect(core.services.store.audit.verifyChain().ok).toBe(true);
  });
});

describe('kiosk:verify-letter: the verdict of a scanned QR, nothing personal, rate-limited', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core;
  beforeEach(async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
  });
  afterEach(async () => {
    await core.close();
    tmp.cleanup();
  });

  const kiosk = () => core.services.sessions.create();
  const verify = (session: ReturnType<typeof kiosk>, token: string) => core.dispatcher.invoke('kiosk:verify-letter', { token }, { transport: 'host', session });

  it('valid, altered and garbage tokens; no NIK, name or address in any answer; a page is limited to 10 checks a minute', async () => {
    const { submissionId } = await invokeOrThrow(core.dispatcher, 'kiosk:submit', testRequest('surat-domisili'));
    const { letter } = await invokeOrThrow(core.dispatcher, 'letters:issue', { submissionId });
    const page = kiosk();
    const valid = await verify(page, letter.token);
    expect(valid).toMatchObject({
      ok: true,
      value: { outcome: 'valid', letter: { number: letter.number, date: letter.date, serviceId: 'surat-domisili' }, office: { desa: expect.any(String) } },
    });
    expect(valid.ok && 'nikMatches' in (valid.value as object)).toBe(false);
    const text = JSON.stringify(valid);
    expect(text).not.toContain(TEST_APPLICANT.nik);
    expect(text).not.toContain(TEST_APPLICANT.nama);

    // One character of the signed part changed: altered, no letter details.
    const i = Math.floor(letter.token.length / 2);
    const flipped = letter.token.slice(0, i) + (letter.token[i] === 'A' ? 'B' : 'A') + letter.token.slice(i + 1);
    expect(await verify(page, flipped)).toMatchObject({ ok: true, value: { outcome: 'altered', letter: null } });
    expect(await verify(page, 'bukan kode surat')).toMatchObject({ ok: true, value: { outcome: 'altered', letter: null } });

    for (let n = 3; n < 10; n++) expect((await verify(page, letter.token)).ok).toBe(true);
    expect(await verify(page, letter.token)).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    // Another page of the device still may (the device-wide limit is larger).
    expect((await verify(kiosk(), letter.token)).ok).toBe(true);
  });
});
