import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeQrPng } from '../helpers/qr.js';
import { testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { addUser, deskLogin, freshDataDir, OUTPUT_DIR, startHost, type RunningHost } from './host.js';
import { auditScreen, Kiosk, VIEWPORTS, type A11yFinding } from './kiosk-page.js';

const OUT = join(OUTPUT_DIR, 'desk');

/**
 * The office printer: a fake `lp` first on the host's PATH (no CUPS queue can run here), which
 * keeps each PDF it is handed and its arguments, and answers as CUPS's lp does.
 */
function fakeLp(dir: string): { path: string; printed: () => string[]; log: string } {
  const bin = join(dir, 'bin');
  const kept = join(dir, 'printed');
  mkdirSync(bin, { recursive: true });
  mkdirSync(kept, { recursive: true });
  const log = join(dir, 'lp.log');
  const script = `#!/bin/sh\necho "$@" >> '${log}'\nfor last; do :; done\ncp "$last" '${kept}'/"$(date +%s%N)".pdf\necho "request id is kantor-1 (1 file(s))"\n`;
  writeFileSync(join(bin, 'lp'), script);
  chmodSync(join(bin, 'lp'), 0o755);
  return { path: `${bin}:${process.env['PATH'] ?? ''}`, printed: () => readdirSync(kept).sort().map((f) => join(kept, f)), log };
}

function deskUrl(host: RunningHost): string {
  const u = new URL(host.url);
  u.searchParams.set('mode', 'desk');
  return u.toString();
}

async function logout(page: Page): Promise<void> {
  await page.getByTestId('desk-logout').click();
  await expect(page.getByTestId('desk-login')).toBeVisible();
}

/** Opens a request from the inbox's list by its registration number: the open states, or the tab of one state. */
async function openFromInbox(page: Page, regNo: string, tab?: string): Promise<void> {
  await page.getByTestId('nav-inbox').click();
  if (tab) await page.getByTestId(`inbox-tab-${tab}`).click();
  await page.getByTestId('inbox-row').filter({ hasText: regNo }).click();
  await expect(page.getByTestId('request-detail')).toBeVisible();
}

async function move(page: Page, id: string, note?: string): Promise<void> {
  const before = await page.getByTestId('request-detail').getAttribute('data-status');
  await page.getByTestId(`move-${id}`).click();
  if (note !== undefined) {
    await page.getByTestId('move-note').fill(note);
    await page.getByTestId('move-note').press('Enter');
  }
  await expect(page.getByTestId('request-detail')).not.toHaveAttribute('data-status', before ?? '');
}

async function moveButtons(page: Page): Promise<string[]> {
  return page.locator('[data-testid^="move-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? '').filter((id) => !['move-message', 'move-note', 'move-confirm'].includes(id)));
}

test('the desa workflow at the desk: every state by the right role, a printed letter whose QR verifies at the kiosk, search, audit, users', async ({ browser }) => {
  test.setTimeout(240_000);
  const data = freshDataDir();
  const lp = fakeLp(data.dir);
  const host = await startHost(data.dir, [], { PATH: lp.path });
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true });
  try {
    mkdirSync(OUT, { recursive: true });
    await addUser(data.dir, 'admin', 'admin');
    await addUser(data.dir, 'siti', 'operator');
    await addUser(data.dir, 'budi', 'verifier');
    await addUser(data.dir, 'kades', 'signatory');

    // The admin sets the office's letter printer (a CUPS queue name) and sees the accounts.
    const desk = await context.newPage();
    await desk.goto(deskUrl(host));
    await deskLogin(desk, 'admin');
    expect((await invoke(desk, 'settings:update', { letterPrinter: 'kantor-desa' })).ok).toBe(true);
    await desk.getByTestId('nav-users').click();
    await expect(desk.getByTestId('users-row')).toHaveCount(4);
    for (const u of ['admin', 'siti', 'budi', 'kades']) await expect(desk.locator(`[data-testid="users-row"][data-username="${u}"]`)).toBeVisible();
    // A new account from the screen: it can log in at once.
    await desk.getByTestId('users-add-username').fill('rina');
    await desk.getByTestId('users-add-name').fill('RINA');
    await desk.getByTestId('users-add-role').selectOption('operator');
    await desk.getByTestId('users-add-password').fill('rina-rahasia-1');
    await desk.getByTestId('users-add-password2').fill('rina-rahasia-1');
    await desk.getByTestId('users-add-submit').click();
    await expect(desk.locator('[data-testid="users-row"][data-username="rina"]')).toBeVisible();
    await desk.screenshot({ path: join(OUT, 'workflow-users.png') });
    // The admin is the technician: no inbox, no moves.
    await expect(desk.getByTestId('nav-inbox')).toHaveCount(0);
    await logout(desk);
    await deskLogin(desk, 'rina', 'rina-rahasia-1');
    await logout(desk);

    // Two desa requests through the one submit path: A is worked to "diambil", B is refused.
    const kiosk = await context.newPage();
    await kiosk.setViewportSize({ width: 1080, height: 1920 });
    await kiosk.goto(host.url);
    const a = await invoke<{ submissionId: string; registrationNo: string; trackingCode: string }>(kiosk, 'kiosk:submit', testRequest('surat-domisili'));
    expect(a.ok, JSON.stringify(a.error)).toBe(true);
    await deskLogin(desk, 'siti');
    const b = await invoke<{ submissionId: string; registrationNo: string }>(
      desk,
      'desk:submit',
      testRequest('sktm', { applicant: { nik: '3604051506900002', nama: 'AHMAD SUHERMAN', alamat: 'KP. BARU RT 001/RW 001, KRAMATWATU', source: 'manual' } }),
    );
    expect(b.ok, JSON.stringify(b.error)).toBe(true);

    // Operator: diterima → diperiksa → perlu dilengkapi (what is missing).
    await openFromInbox(desk, a.value.registrationNo);
    // Diterima; "dikirim" once the (embedded) hub acknowledged it, which changes nothing of the desa's work.
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', /^(received|sent)$/);
    expect(await moveButtons(desk)).toEqual(['move-check', 'move-incomplete']);
    await move(desk, 'check');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'checking');
    // Approving is the verifier's: not offered to the operator, and refused when asked for.
    expect(await moveButtons(desk)).not.toContain('move-approve');
    const refused = await invoke(desk, 'desk:move', { id: a.value.submissionId, move: 'approve' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await move(desk, 'incomplete', 'fotokopi KK');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'incomplete');
    await desk.screenshot({ path: join(OUT, 'workflow-incomplete.png') });

    // The resident sees it at the kiosk's "Cek status", from this device alone.
    const k = new Kiosk(kiosk);
    await kiosk.reload();
    await k.tap('welcome-status');
    await k.screen('status');
    await kiosk.keyboard.type(a.value.trackingCode);
    await kiosk.keyboard.press('Enter');
    await k.screen('status-result');
    await expect(kiosk.getByTestId('timeline')).toHaveAttribute('data-status', 'incomplete');
    await expect(kiosk.getByTestId('status-note')).toHaveText('Perlu dilengkapi: fotokopi KK');
    await expect(kiosk.locator('[data-testid="timeline"] li.current')).toHaveAttribute('data-step', 'incomplete');
    // The desa's steps fit every screen size (targets, text, fixed bars measured).
    const findings: A11yFinding[] = [];
    for (const size of VIEWPORTS) {
      await kiosk.setViewportSize(size);
      await kiosk.waitForTimeout(150);
      findings.push(...(await auditScreen(kiosk, `status-result incomplete (${size.width}x${size.height})`)));
      await kiosk.screenshot({ path: join(OUT, `workflow-kiosk-cek-status-${size.width}x${size.height}.png`) });
    }
    expect(findings, findings.map((f) => `${f.screen}: ${f.problem}`).join('\n')).toEqual([]);
    await kiosk.setViewportSize(VIEWPORTS[0]);
    await k.tap('status-home');

    // The resident brought it: back to diperiksa (operator); the verifier approves.
    await move(desk, 'resume');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'checking');
    await logout(desk);
    await deskLogin(desk, 'budi');
    await openFromInbox(desk, a.value.registrationNo);
    await move(desk, 'approve');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'awaiting_signature');
    await expect(desk.getByTestId('letter-panel')).toHaveAttribute('data-state', 'pending');
    // Signing is the signatory's.
    expect(await moveButtons(desk)).not.toContain('move-sign');
    expect(await invoke(desk, 'desk:move', { id: a.value.submissionId, move: 'sign' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // B: refused by the verifier, with its reason; the operator could not have.
    await openFromInbox(desk, b.value.registrationNo);
    await move(desk, 'reject', 'bukan warga Desa Kramatwatu');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'rejected');
    await expect(desk.getByTestId('request-history')).toContainText('bukan warga Desa Kramatwatu');
    await logout(desk);

    // The signatory signs: the letter is numbered, with its QR, and printed to the office printer.
    await deskLogin(desk, 'kades');
    await openFromInbox(desk, a.value.registrationNo);
    await move(desk, 'sign');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'ready');
    await expect(desk.getByTestId('letter-panel')).toHaveAttribute('data-state', 'issued');
    const number = (await desk.getByTestId('letter-number').textContent())!.trim();
    const token = (await desk.getByTestId('letter-qr').getAttribute('data-token'))!;
    expect(number).toMatch(/\/\d{4}$/);
    await desk.getByTestId('letter-print').click();
    await expect(desk.getByTestId('letter-message')).toContainText(`Surat nomor ${number} sudah dikirim ke printer kantor-desa`);
    await expect(desk.getByTestId('letter-print-count')).toHaveText('Sudah dicetak 1 kali');
    await desk.screenshot({ path: join(OUT, 'workflow-letter.png') });
    expect(readFileSync(lp.log, 'utf8')).toContain(`-d kantor-desa -t ${number} --`);
    const printed = lp.printed();
    expect(printed).toHaveLength(1);
    const pdf = readFileSync(printed[0]!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', ['-layout', printed[0]!, '-']).toString();
    expect(text).toContain(number);
    expect(text).toContain('AHMAD SUHENDRA');
    // The QR on the printed page is the letter's token.
    execFileSync('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', '-singlefile', printed[0]!, join(OUT, 'workflow-letter-printed')]);
    expect(decodeQrPng(readFileSync(join(OUT, 'workflow-letter-printed.png')))).toBe(token);
    await logout(desk);

    // "Cek keaslian surat" at the kiosk: the scanner types the QR's text and Enter.
    await k.tap('welcome-verify-letter');
    await k.screen('verify-letter');
    await kiosk.keyboard.type(token);
    await kiosk.keyboard.press('Enter');
    await expect(kiosk.getByTestId('letter-verdict')).toHaveAttribute('data-outcome', 'valid');
    await expect(kiosk.getByTestId('letter-number')).toHaveText(number);
    await kiosk.screenshot({ path: join(OUT, 'workflow-kiosk-letter-valid.png') });
    // One character changed: altered.
    await k.tap('letter-another');
    await k.screen('verify-letter');
    const i = token.length - 10;
    await kiosk.keyboard.type(`${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`);
    await kiosk.keyboard.press('Enter');
    await expect(kiosk.getByTestId('letter-verdict')).toHaveAttribute('data-outcome', 'altered');
    await k.tap('letter-home');

    // The operator hands it over: diambil. The kiosk shows the desa's last step.
    await deskLogin(desk, 'siti');
    await openFromInbox(desk, a.value.registrationNo, 'ready');
    await move(desk, 'collect');
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'collected');
    const history = await desk.locator('[data-testid="request-history"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(history.filter((h) => h !== 'sent')).toEqual(['received', 'checking', 'incomplete', 'checking', 'awaiting_signature', 'ready', 'collected']);

    // Search: a typo'd name finds AHMAD SUHENDRA first, before AHMAD SUHERMAN.
    for (const q of ['Ahmad Suhendar', 'suhendra']) {
      await desk.getByTestId('nav-search').click();
      await desk.getByTestId('search-input').fill(q);
      await desk.getByTestId('search-input').press('Enter');
      await expect(desk.getByTestId('search-hit').first()).toContainText(a.value.registrationNo);
    }
    await expect(desk.getByTestId('search-hit').first()).toContainText('AHMAD SUHENDRA');
    await desk.screenshot({ path: join(OUT, 'workflow-search.png') });
    await desk.getByTestId('search-hit').first().click();
    await expect(desk.getByTestId('request-detail')).toHaveAttribute('data-status', 'collected');
    await logout(desk);

    // The audit screen: every move, the letter, its print, the searches; filter; export.
    await deskLogin(desk, 'admin');
    await desk.getByTestId('nav-audit').click();
    await expect(desk.getByTestId('audit-chain')).toHaveAttribute('data-ok', 'true');
    await desk.getByTestId('audit-subject').fill(a.value.submissionId);
    await desk.getByTestId('audit-apply').click();
    await expect(desk.locator('[data-testid="audit-row"][data-action="workflow.collect"]')).toHaveCount(1);
    const actions = await desk.getByTestId('audit-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    for (const act of ['workflow.check', 'workflow.incomplete', 'workflow.resume', 'workflow.approve', 'workflow.sign', 'workflow.collect', 'letter.issue', 'letter.print']) {
      expect(actions, act).toContain(act);
    }
    await desk.getByTestId('audit-subject').fill('');
    await desk.getByTestId('audit-action').fill('letter');
    await desk.getByTestId('audit-apply').click();
    await expect(desk.locator('[data-testid="audit-row"][data-action="letter.print"]')).toHaveCount(1);
    // Only letter rows once the filter applies (issue, views, print).
    await expect
      .poll(async () => [...new Set(await desk.getByTestId('audit-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? '')))].sort())
      .toEqual(['letter.issue', 'letter.print', 'letter.view']);
    await desk.getByTestId('audit-action').fill('request.search');
    await desk.getByTestId('audit-apply').click();
    await expect(desk.getByTestId('audit-row').first()).toBeVisible();
    await desk.getByTestId('audit-action').fill('workflow');
    await desk.getByTestId('audit-apply').click();
    await expect(desk.locator('[data-testid="audit-row"][data-action="workflow.reject"]')).toHaveCount(1);
    await desk.screenshot({ path: join(OUT, 'workflow-audit.png') });
    const [download] = await Promise.all([desk.waitForEvent('download'), desk.getByTestId('audit-export').click()]);
    const csvPath = join(OUT, 'workflow-audit.csv');
    await download.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(7);
    expect(csv).toContain('workflow.reject');
    expect(csv).not.toContain('letter.print'); // the filter applies to the export
    expect(existsSync(csvPath)).toBe(true);
  } finally {
    await context.close();
    await host.stop();
    data.cleanup();
  }
});
