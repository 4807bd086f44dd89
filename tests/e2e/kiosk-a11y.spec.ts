import { expect, test } from '@playwright/test';
import { hostPerTest } from './host.js';
import { auditScreen, invoke, Kiosk, settled, VIEWPORTS, type A11yFinding } from './kiosk-page.js';

const run = hostPerTest();

for (const size of VIEWPORTS) {
  const tag = `${size.width}x${size.height}`;
  test(`every kiosk screen at ${tag}: axe WCAG 2.2 AA + AAA (incl. color-contrast-enhanced), targets, text sizes and fixed bars measured, screenshots saved`, async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize(size);
    const k = new Kiosk(page);
    const findings: A11yFinding[] = [];
    const check = async (name: string): Promise<void> => {
      await settled(page);
      findings.push(...(await auditScreen(page, `${name} (${tag})`)));
      await k.shot(`${name}-${tag}`);
    };
    await page.goto(run.current.url);
    await k.screen('welcome');
    await check('welcome');

    await k.tap('welcome-apply');
    await k.screen('agencies');
    await check('agencies');
    await k.tap('agency-dukcapil');
    await k.screen('services');
    await check('services');
    if (await page.getByTestId('page-next').isVisible()) {
      await k.tap('page-next');
      await check('services-page-2');
      await k.tap('page-prev');
    }
    await k.tap('back');
    await k.tap('service-search');
    await k.typeKeys('SURAT');
    await check('search');
    await k.tap('back');
    await k.tap('agency-dukcapil');
    await k.tapPaged('service-pindah');
    await k.screen('identity');
    await check('identity');
    await k.tap('identity-nik');
    await k.typeDigits('12');
    await k.tap('next');
    await expect(page.getByTestId('problem')).toBeVisible();
    await check('nik-error');
    await k.typeDigits('04050101900001'.slice(0, 14));
    await k.tap('key-clear');
    await k.typeDigits('3604050101900001');
    await k.tap('next');
    await k.screen('name');
    await k.typeKeys('BUDI');
    await check('name');
    await k.tap('next');
    await k.typeKeys('KP. SERDANG');
    await check('address');
    await k.tap('next');
    await k.screen('confirm');
    await check('confirm');
    await k.tap('confirm-yes');
    await k.screen('form');
    await check('form-select');
    await k.tap('choice-dalam-kabupaten');
    await check('form-kecamatan');
    await k.tapPaged('choice-36.04.05');
    await check('form-desa');
    await k.tapPaged('choice-36.04.05.2006');
    await check('form-number');
    await k.typeDigits('2');
    await k.tap('next');
    await k.tapPaged('choice-keluarga');
    await k.tap('next'); // optional phone
    await k.screen('requirements');
    await k.tap('req-pengantar-rt');
    await check('requirements');
    await k.tap('next');
    await k.tap('consent-no');
    await check('consent');
    await k.tap('consent-yes');
    await k.screen('review');
    await check('review');
    await k.tap('submit');
    await k.screen('receipt');
    await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
    await check('receipt');
    await k.tap('next');
    await check('survey');
    await k.tap('survey-start');
    await check('survey-question');
    for (let i = 0; i < 9; i++) await k.tap('skm-3');
    await k.screen('done');
    await check('done');
    await k.tap('done');

    // A form with a date and a free text on the keyboard.
    await k.tap('welcome-apply');
    await k.tap('agency-desa');
    await k.tapPaged('service-keterangan-kematian');
    await invoke(page, 'sim:insert-card', { index: 0 });
    await k.screen('confirm');
    await k.tap('confirm-yes');
    await k.typeKeys('SUKARDI');
    await check('form-text');
    await k.tap('next');
    await k.tap('next');
    await k.typeDigits('0101202');
    await check('form-date');
    await k.backToWelcome();

    await k.tap('welcome-status');
    await k.screen('status');
    await check('status');
    await k.tap('back');

    // "Ambil nomor antrean": the lanes, then the ticket (one tap on a lane takes it).
    await k.tap('welcome-queue');
    await k.screen('queue');
    await check('queue');
    await k.tap('queue-lane-ibu_hamil');
    await k.screen('queue-ticket');
    await expect(page.getByTestId('print-state')).toHaveAttribute('data-state', 'printed');
    await check('queue-ticket');
    await k.tap('queue-done');
    await k.screen('welcome');

    // Large text (teks besar).
    await k.tap('tool-large');
    await k.tap('welcome-apply');
    await k.screen('agencies');
    await settled(page);
    await k.shot(`large-text-agencies-${tag}`);
    const axeLarge = (await auditScreen(page, `large-text (${tag})`)).filter((f) => f.problem.startsWith('axe'));
    findings.push(...axeLarge);

    expect(findings, findings.map((f) => `${f.screen}: ${f.problem}`).join('\n')).toEqual([]);
  });
}
