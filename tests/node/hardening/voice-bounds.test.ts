import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../main/core/core.js';
import { createLogger } from '../../../main/log.js';
import { VoiceBusyError, VoiceService } from '../../../main/voice/voice-service.js';
import { tempDir } from '../../helpers/tmp.js';

const quiet = createLogger('test', () => {});

/** Issue 14, defect 3: voice:speak cached every distinct text, unbounded, and filled the disk. */
describe('voice: text, cache and rate are bounded', () => {
  let tmp: ReturnType<typeof tempDir>;
  let core: Core | undefined;
  afterEach(async () => {
    await core?.close();
    core = undefined;
    tmp.cleanup();
  });

  it('a 1,200-character text is refused before anything is synthesised', async () => {
    tmp = tempDir();
    core = await createCore({ dataDir: tmp.dir, shell: 'host', log: quiet, watchCatalogue: false });
    for (let i = 0; i < 20; i++) {
      const r = await core.dispatcher.invoke('voice:speak', { text: `${i} ${'kata '.repeat(240)}` }, { transport: 'internal' });
      expect(r).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(core.services.voice.cacheBytes()).toBe(0);
  });

  it('the cache stays under its byte bound (least recently spoken evicted) and new syntheses are rate-limited', async () => {
    tmp = tempDir();
    const voice = new VoiceService({ cacheDir: tmp.dir, packDirs: [], log: quiet, maxCacheBytes: 400_000, synthPerMinute: 12 });
    const keep = 'Silakan tempelkan KTP';
    await voice.speak(keep);
    for (let i = 0; i < 10; i++) {
      await voice.speak(keep); // spoken again before each new one: the most recently used, so it stays
      await voice.speak(`Layanan nomor ${i + 1}`);
      expect(voice.cacheBytes()).toBeLessThanOrEqual(400_000);
    }
    expect((await voice.speak(keep)).source).toBe('cache');
    expect((await voice.speak('Layanan nomor 1')).source).toBe('synth'); // evicted long ago: the twelfth synthesis this minute
    await expect(voice.speak('teks baru yang ketiga belas')).rejects.toBeInstanceOf(VoiceBusyError);
    // Cached prompts are never rate-limited.
    expect((await voice.speak(keep)).source).toBe('cache');
  });
});
