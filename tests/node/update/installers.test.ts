import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log.js';
import { startWatchdog } from '../../../main/update/watchdog.js';
import { tempDir } from '../../helpers/tmp.js';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');

describe('installers and the kiosk service (issue 15): configuration checked here', () => {
  it('electron-builder.yml matches electron-builder\'s own schema, and every file it packages exists', async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as { validateConfiguration: (c: unknown, l: unknown) => Promise<void> };
    const yaml = await import('js-yaml');
    const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as { extraResources: { from: string }[]; nsis: { include: string }; deb: { afterInstall: string } };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    for (const r of config.extraResources.filter((x) => !x.from.startsWith('dist/'))) expect(existsSync(join(ROOT, r.from)), r.from).toBe(true);
    expect(existsSync(join(ROOT, config.nsis.include))).toBe(true);
    expect(existsSync(join(ROOT, config.deb.afterInstall))).toBe(true);
    // The Windows kiosk account: Anjungan as its shell, and no edge swipe out of it.
    const shell = readFileSync(join(ROOT, 'installers', 'windows', 'kiosk-shell.ps1'), 'utf8');
    expect(shell).toContain('SetCustomShell');
    expect(shell).toMatch(/AllowEdgeSwipe -Value 0 -Type DWord/);
  });

  it('the kiosk unit passes systemd-analyze verify: cage, restart always, a watchdog, an unprivileged user', () => {
    const unit = join(ROOT, 'installers', 'linux', 'anjungan-kiosk.service');
    const out = execFileSync('systemd-analyze', ['verify', unit], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(out).toBe('');
    const text = readFileSync(unit, 'utf8');
    expect(text).toMatch(/^ExecStart=\/usr\/bin\/cage /m);
    // cage's -s allows VT switching: Ctrl+Alt+F2 would leave the kiosk for a login prompt.
    const cageArgs = /^ExecStart=(.*)$/m.exec(text)![1]!.split(' -- ')[0]!.split(/\s+/).slice(1);
    expect(cageArgs).not.toContain('-s');
    expect(text).toMatch(/^Restart=always$/m);
    expect(text).toMatch(/^WatchdogSec=\d+$/m);
    expect(text).toMatch(/^User=anjungan$/m);
    expect(readFileSync(join(ROOT, 'installers', 'linux', 'after-install.sh'), 'utf8')).toContain('useradd --system');
  });

  it('the watchdog speaks systemd\'s notify protocol on a real datagram socket: READY=1, then WATCHDOG=1', async () => {
    const tmp = tempDir();
    try {
      const sock = join(tmp.dir, 'notify.sock');
      const log = join(tmp.dir, 'got.txt');
      const receiver = spawn('socat', ['-u', `UNIX-RECV:${sock}`, `OPEN:${log},creat,append`]);
      await new Promise((r) => setTimeout(r, 300));
      const dog = startWatchdog({ socket: sock, watchdogUsec: '2000000', log: createLogger('test', () => {}) })!;
      dog.ready();
      await new Promise((r) => setTimeout(r, 2600));
      dog.stop();
      await new Promise((r) => setTimeout(r, 300));
      receiver.kill();
      const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean);
      expect(lines[0]).toBe('READY=1');
      expect(lines.filter((l) => l === 'WATCHDOG=1').length).toBeGreaterThanOrEqual(2);
      expect(startWatchdog({ socket: undefined, watchdogUsec: undefined, log: createLogger('test', () => {}) })).toBeNull();
    } finally {
      tmp.cleanup();
    }
  });
});
