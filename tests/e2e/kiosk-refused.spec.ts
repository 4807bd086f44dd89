import { expect, test } from '@playwright/test';
import { mayCall } from '../../shared/api/access.js';
import { apiCalls, CALL_NAMES } from '../../shared/api/contract.js';
import { testRequest } from '../helpers/requests.js';
import { invoke } from './api.js';
import { freshDataDir, startHost } from './host.js';

test('a kiosk page, in the browser, is refused every call its resident may not make, and no answer carries a stored NIK', async ({ page }) => {
  const data = freshDataDir();
  const host = await startHost(data.dir);
  try {
    await page.goto(host.url);
    await expect(page.getByTestId('mode-kiosk')).toBeVisible();
    const stored = testRequest('surat-domisili');
    expect((await invoke(page, 'kiosk:submit', stored)).ok).toBe(true);
    const denied = CALL_NAMES.filter((n) => !mayCall({ kind: 'resident' }, apiCalls[n].access));
    // The contract has desk calls of every kind; a list this short would mean the test stopped testing.
    expect(denied.length).toBeGreaterThan(20);
    const leaks: string[] = [];
    for (const name of denied) {
      const reply = await invoke(page, name, {});
      expect(reply, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (JSON.stringify(reply).includes(stored.applicant.nik)) leaks.push(name);
    }
    expect(leaks).toEqual([]);
    console.log(`kiosk page refused ${denied.length} of ${CALL_NAMES.length} calls`);
  } finally {
    await host.stop();
    data.cleanup();
  }
});
