import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BootGuard, replaceAppImage, rollbackPlan } from '../../../main/update/boot-guard.js';
import { tempDir } from '../../helpers/tmp.js';

describe('rollback of a release that fails to start (issue 15)', () => {
  it('a version that crashes twice before healthy goes back to the last healthy one, whose installer was kept', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'boot.json');
      const kept = join(tmp.dir, 'Anjungan-0.1.0.AppImage');
      writeFileSync(kept, 'old app');
      const installerOf = (v: string) => (v === '0.1.0' ? kept : null);
      const v1 = new BootGuard(file, '0.1.0');
      expect(v1.begin(installerOf)).toEqual({ action: 'run' });
      v1.markHealthy();
      expect(v1.begin(installerOf)).toEqual({ action: 'run' }); // a healthy version restarts as often as it likes
      v1.markHealthy();

      const v2 = new BootGuard(file, '0.2.0');
      expect(v2.begin(installerOf)).toEqual({ action: 'run' }); // start 1: crashes
      expect(v2.begin(installerOf)).toEqual({ action: 'run' }); // start 2: crashes again
      expect(v2.begin(installerOf)).toEqual({ action: 'rollback', from: '0.2.0', to: '0.1.0', installer: kept });
    } finally {
      tmp.cleanup();
    }
  });

  it('a version that reaches healthy is never rolled back; with no kept installer it keeps running and says so', () => {
    const tmp = tempDir();
    try {
      const file = join(tmp.dir, 'boot.json');
      const first = new BootGuard(file, '0.1.0');
      expect(first.begin(() => null)).toEqual({ action: 'run' });
      expect(first.begin(() => null)).toEqual({ action: 'run' });
      expect(first.begin(() => null)).toEqual({ action: 'run-failing', version: '0.1.0', failedStarts: 3 });
      first.markHealthy();
      expect(first.begin(() => null)).toEqual({ action: 'run' });
      writeFileSync(file, '{not json');
      expect(new BootGuard(file, '0.1.0').begin(() => null)).toEqual({ action: 'run' });
      expect(existsSync(file)).toBe(true);
    } finally {
      tmp.cleanup();
    }
  });

  it('the platform step: a silent NSIS run on Windows, the AppImage replaced in place on Linux, none for a deb', () => {
    expect(rollbackPlan('win32', 'C:\\old.exe', undefined)).toEqual({ kind: 'run-installer', command: 'C:\\old.exe', args: ['/S'] });
    expect(rollbackPlan('linux', '/u/0.1.0/Anjungan-0.1.0.AppImage', '/opt/Anjungan.AppImage')).toEqual({ kind: 'replace-appimage', source: '/u/0.1.0/Anjungan-0.1.0.AppImage', target: '/opt/Anjungan.AppImage' });
    expect(rollbackPlan('linux', '/u/0.1.0/Anjungan-0.1.0.AppImage', undefined).kind).toBe('impossible');
    const tmp = tempDir('anjungan-rollback-');
    try {
      const running = join(tmp.dir, 'Anjungan.AppImage');
      const kept = join(tmp.dir, 'Anjungan-0.1.0.AppImage');
      writeFileSync(running, 'bad release');
      writeFileSync(kept, 'good release');
      replaceAppImage(kept, running);
      expect(readFileSync(running, 'utf8')).toBe('good release');
      expect(statSync(running).mode & 0o777).toBe(0o755);
      expect(readFileSync(kept, 'utf8')).toBe('good release');
    } finally {
      tmp.cleanup();
    }
  });
});
