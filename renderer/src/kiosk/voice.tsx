import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { MessageKey } from '../../../shared/i18n/index.js';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** One spoken message: the catalogue key (a voice pack may hold a recording) and the text shown. */
export interface Prompt {
  key?: MessageKey;
  text: string;
}

interface Voice {
  enabled: boolean;
  volume: number;
  setEnabled: (on: boolean) => void;
  setVolume: (v: number) => void;
  /** Makes these the screen's prompts and speaks them now. */
  say: (prompts: Prompt[]) => void;
  repeat: () => void;
}

const VoiceContext = createContext<Voice | undefined>(undefined);

/** Audio of catalogue texts only (never personal data), kept for the life of the page. */
const audioCache = new Map<string, string>();

async function audioFor(p: Prompt): Promise<string | undefined> {
  const cacheKey = `${p.key ?? ''}\u0000${p.text}`;
  const hit = audioCache.get(cacheKey);
  if (hit) return hit;
  const res = await api.invoke('voice:speak', p.key ? { key: p.key, text: p.text } : { text: p.text });
  if (!res.ok) return undefined;
  const url = `data:${res.value.mime};base64,${res.value.audio}`;
  audioCache.set(cacheKey, url);
  return url;
}

/**
 * Speaks every screen in Bahasa Indonesia, on its own, from audio made offline in the core.
 * Volume 0-5 and voice on/off are the resident's choice for this session only; each visit
 * starts from the office's setting `voiceVolume` (0: silent until the resident turns it on).
 */
export function VoiceProvider({ children, initialVolume = 4 }: { children: ReactNode; initialVolume?: number }) {
  const [enabled, setEnabled] = useState(initialVolume > 0);
  const [volume, setVolume] = useState(initialVolume > 0 ? initialVolume : 4);
  const current = useRef<Prompt[]>([]);
  const playing = useRef<HTMLAudioElement | null>(null);
  const generation = useRef(0);
  const settings = useRef({ enabled, volume });
  settings.current = { enabled, volume };

  const stop = (): void => {
    playing.current?.pause();
    playing.current = null;
  };

  const play = useCallback(async (prompts: Prompt[]) => {
    const mine = ++generation.current;
    stop();
    if (!settings.current.enabled || settings.current.volume === 0) return;
    for (const p of prompts) {
      const url = await audioFor(p).catch(() => undefined);
      if (mine !== generation.current || !url) return;
      const el = new Audio(url);
      el.volume = settings.current.volume / 5;
      playing.current = el;
      document.documentElement.dataset['speaking'] = p.key ?? 'text';
      await new Promise<void>((done) => {
        el.onended = () => done();
        el.onerror = () => done();
        el.play().catch(() => done());
      });
      if (mine !== generation.current) return;
    }
    delete document.documentElement.dataset['speaking'];
  }, []);

  const say = useCallback(
    (prompts: Prompt[]) => {
      current.current = prompts;
      document.documentElement.dataset['prompt'] = prompts.map((p) => p.key ?? '').join(' ');
      void play(prompts);
    },
    [play],
  );

  const value = useMemo<Voice>(
    () => ({
      enabled,
      volume,
      setEnabled: (on) => {
        setEnabled(on);
        settings.current.enabled = on;
        if (!on) {
          generation.current++;
          stop();
        }
      },
      setVolume: (v) => {
        const nv = Math.max(0, Math.min(5, v));
        setVolume(nv);
        settings.current.volume = nv;
        if (playing.current) playing.current.volume = nv / 5;
      },
      say,
      repeat: () => void play(current.current),
    }),
    [enabled, volume, say, play],
  );

  useEffect(
    () => () => {
      generation.current++;
      stop();
    },
    [],
  );
  return <VoiceContext.Provider value={value}>{children}</VoiceContext.Provider>;
}

export function useVoice(): Voice {
  const ctx = useContext(VoiceContext);
  if (!ctx) throw new Error('useVoice outside VoiceProvider');
  return ctx;
}

/** Speaks the screen's texts when it appears and whenever they change. */
export function useSpeak(prompts: Prompt[]): void {
  const { say } = useVoice();
  const { lang } = useI18n();
  // By content, not identity: a screen passes a new array on every render.
  const sig = JSON.stringify(prompts);
  useEffect(() => {
    const current = JSON.parse(sig) as Prompt[];
    if (current.length > 0) say(current);
  }, [sig, lang, say]);
}
