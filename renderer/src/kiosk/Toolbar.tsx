import { useI18n } from '../i18n/i18n.js';
import { useVoice } from './voice.js';

/** On every screen: repeat what was said, volume, voice on/off, large text. */
export function Toolbar({ largeText, setLargeText, hidden }: { largeText: boolean; setLargeText: (v: boolean) => void; hidden: boolean }) {
  const { t } = useI18n();
  const voice = useVoice();
  return (
    <nav className="toolbar" aria-label={t('kiosk.tool.repeat')} aria-hidden={hidden ? true : undefined}>
      <button type="button" className="tool" onClick={voice.repeat} data-testid="tool-repeat">
        <span aria-hidden="true">↻ </span>
        {t('kiosk.tool.repeat')}
      </button>
      <span className="tool-group">
        <button type="button" className="tool" onClick={() => voice.setVolume(voice.volume - 1)} data-testid="tool-volume-down" disabled={!voice.enabled}>
          {t('kiosk.tool.volumeDown')}
        </button>
        <span className="tool-volume" data-testid="volume">
          {t('kiosk.tool.volume', { level: voice.volume })}
        </span>
        <button type="button" className="tool" onClick={() => voice.setVolume(voice.volume + 1)} data-testid="tool-volume-up" disabled={!voice.enabled}>
          {t('kiosk.tool.volumeUp')}
        </button>
      </span>
      <button type="button" className="tool" aria-pressed={!voice.enabled} onClick={() => voice.setEnabled(!voice.enabled)} data-testid="tool-voice">
        {voice.enabled ? t('kiosk.tool.voiceOff') : t('kiosk.tool.voiceOn')}
      </button>
      <button type="button" className="tool" aria-pressed={largeText} onClick={() => setLargeText(!largeText)} data-testid="tool-large">
        {largeText ? t('kiosk.tool.normalText') : t('kiosk.tool.largeText')}
      </button>
    </nav>
  );
}
