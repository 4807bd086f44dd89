import { useState } from 'react';
import type { DeviceRole, Settings } from '../../../shared/domain/settings.js';
import { desaOf, kecamatanList } from '../../../shared/domain/wilayah.js';
import { call } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** Device role and office, saved to the core's settings. */
export function SettingsPanel({ settings }: { settings: Settings }) {
  const { t } = useI18n();
  const [kecamatan, setKecamatan] = useState(settings.officeCode.split('.').slice(0, 3).join('.'));
  const [message, setMessage] = useState<string>();
  const [mountRoot, setMountRoot] = useState(settings.usbMountRoot);
  const [lockMinutes, setLockMinutes] = useState(String(settings.deskLockMinutes));

  const save = async (patch: Partial<Settings>): Promise<void> => {
    try {
      await call('settings:update', patch);
      setMessage(t('settings.saved'));
    } catch {
      setMessage(t('error.invalid_request'));
    }
  };

  return (
    <section className="panel settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      <label>
        {t('settings.role')}
        <select
          value={settings.role}
          data-testid="settings-role"
          onChange={(e) => void save({ role: e.target.value as DeviceRole })}
        >
          <option value="kiosk">{t('role.kiosk')}</option>
          <option value="operator">{t('role.operator')}</option>
        </select>
      </label>
      <label>
        {t('settings.office')}
        <select value={kecamatan} onChange={(e) => setKecamatan(e.target.value)} data-testid="settings-kecamatan">
          {kecamatanList().map((k) => (
            <option key={k.code} value={k.code}>
              {k.name}
            </option>
          ))}
        </select>
        <select
          value={settings.officeCode.startsWith(`${kecamatan}.`) ? settings.officeCode : ''}
          data-testid="settings-desa"
          onChange={(e) => void save({ officeCode: e.target.value })}
        >
          <option value="" disabled>
            —
          </option>
          {desaOf(kecamatan).map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save({ usbMountRoot: mountRoot });
        }}
      >
        <label>
          {t('settings.usbMountRoot')}
          <input className="mono" value={mountRoot} onChange={(e) => setMountRoot(e.target.value)} data-testid="settings-usb-root" />
        </label>
        <button type="submit">{t('settings.usbMountRoot.save')}</button>
      </form>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save({ deskLockMinutes: Number(lockMinutes) });
        }}
      >
        <label>
          {t('settings.deskLockMinutes')}
          <input type="number" min={1} max={240} value={lockMinutes} onChange={(e) => setLockMinutes(e.target.value)} data-testid="settings-desk-lock" />
        </label>
        <button type="submit" data-testid="settings-desk-lock-save">
          {t('settings.usbMountRoot.save')}
        </button>
      </form>
      {message && <p role="status" data-testid="settings-message">{message}</p>}
    </section>
  );
}
