import type { QueueCall } from '../../../shared/queue/board.js';
import { api } from '../api/client.js';

/** Calls waiting to be spoken; a burst beyond this drops the oldest (the display still shows them). */
const MAX_PENDING = 4;
const MAX_CLIP_MS = 20_000;

/**
 * Plays each call's audio (a chime, then the spoken text, made by the core's voice service from
 * the same call event the screen shows), one after another so two calls never talk over each
 * other. A browser that refuses sound without a touch simply stays silent: the screen still shows it.
 */
export function createAnnouncer(): { announce(c: QueueCall): void; stop(): void } {
  const pending: QueueCall[] = [];
  let playing: HTMLAudioElement | null = null;
  let stopped = false;
  let busy = false;

  const playNext = async (): Promise<void> => {
    const next = pending.shift();
    if (!next || stopped) {
      busy = false;
      return;
    }
    const res = await api.invoke('queue:call-audio', { callId: next.id });
    if (res.ok && !stopped) {
      const audio = new Audio(`data:${res.value.mime};base64,${res.value.audio}`);
      playing = audio;
      document.documentElement.dataset['announcing'] = next.label;
      await new Promise<void>((done) => {
        audio.onended = () => done();
        audio.onerror = () => done();
        audio.play().catch(() => done());
        // A stalled clip never blocks the next call.
        setTimeout(done, MAX_CLIP_MS);
      });
      playing = null;
      delete document.documentElement.dataset['announcing'];
    }
    await playNext();
  };

  return {
    announce(c) {
      if (pending.length >= MAX_PENDING) pending.shift();
      pending.push(c);
      if (busy) return;
      busy = true;
      void playNext();
    },
    stop() {
      stopped = true;
      pending.length = 0;
      playing?.pause();
    },
  };
}
