import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../log.js';

export interface VoiceOptions {
  /** On-disk cache of synthesised prompts, keyed by a hash of voice + text. */
  cacheDir: string;
  /** Voice packs, searched in order: `<key>.wav|.ogg|.mp3`, one recorded file per message key. */
  packDirs: string[];
  /** espeak-ng voice (Indonesian). */
  voice?: string;
  /** Words per minute; slower than espeak's default 175, for elderly listeners. */
  speed?: number;
  binary?: string;
  log: Logger;
  /** The cache holds at most this many bytes; the least recently spoken prompts go first. */
  maxCacheBytes?: number;
  /** New syntheses allowed per minute (cache and voice-pack hits are not counted). */
  synthPerMinute?: number;
}

/** Longest text spoken: a screen's prompt is a sentence or two, never a document. */
export const MAX_SPOKEN_CHARS = 400;

export class VoiceBusyError extends Error {
  constructor() {
    super('too many new prompts to synthesise right now; try again in a minute');
    this.name = 'VoiceBusyError';
  }
}

export interface SpokenAudio {
  /** Base64 of the audio file. */
  audio: string;
  mime: 'audio/wav' | 'audio/ogg' | 'audio/mpeg';
  source: 'pack' | 'cache' | 'synth';
}

const PACK_TYPES: [ext: string, mime: SpokenAudio['mime']][] = [
  ['wav', 'audio/wav'],
  ['ogg', 'audio/ogg'],
  ['mp3', 'audio/mpeg'],
];

/**
 * Spoken prompts, produced offline: a recorded voice-pack file for the message key when the
 * office provides one, otherwise espeak-ng's Indonesian voice, cached by text. The kiosk never
 * sends a resident's personal data to be spoken, so the cache holds only catalogue texts.
 */
export class VoiceService {
  private readonly inflight = new Map<string, Promise<Buffer>>();
  private readonly voice: string;
  private readonly speed: number;
  private readonly maxCacheBytes: number;
  private readonly synthPerMinute: number;
  private readonly recentSynths: number[] = [];

  constructor(private readonly options: VoiceOptions) {
    this.voice = options.voice ?? 'id';
    this.speed = options.speed ?? 145;
    this.maxCacheBytes = options.maxCacheBytes ?? 32 * 1024 * 1024;
    this.synthPerMinute = options.synthPerMinute ?? 30;
  }

  async speak(text: string, key?: string): Promise<SpokenAudio> {
    if (key && /^[a-z0-9.\-_]+$/i.test(key)) {
      for (const dir of this.options.packDirs) {
        for (const [ext, mime] of PACK_TYPES) {
          const file = join(dir, `${key}.${ext}`);
          if (existsSync(file)) return { audio: readFileSync(file).toString('base64'), mime, source: 'pack' };
        }
      }
    }
    if (text.length > MAX_SPOKEN_CHARS) throw new RangeError(`a prompt may have at most ${MAX_SPOKEN_CHARS} characters`);
    const hash = this.cacheKey(text);
    const file = join(this.options.cacheDir, `${hash}.wav`);
    if (existsSync(file)) {
      const now = new Date();
      utimesSync(file, now, now); // most recently spoken: last to be evicted
      return { audio: readFileSync(file).toString('base64'), mime: 'audio/wav', source: 'cache' };
    }
    let job = this.inflight.get(hash);
    if (!job) {
      this.takeSynthSlot();
      job = this.synthesise(text, file)
        .then((audio) => {
          this.evict();
          return audio;
        })
        .finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, job);
    }
    return { audio: (await job).toString('base64'), mime: 'audio/wav', source: 'synth' };
  }

  /**
   * A voice pack's recording for `key` as WAV bytes (`<key>.wav` in the first pack folder that
   * has it), or null: pieces to be joined (the queue's call) must be WAV, so other types are not looked at.
   */
  packClip(key: string): Buffer | null {
    if (!/^[a-z0-9.\-_]+$/i.test(key)) return null;
    for (const dir of this.options.packDirs) {
      const file = join(dir, `${key}.wav`);
      if (existsSync(file)) return readFileSync(file);
    }
    return null;
  }

  /** A sliding one-minute window: a flood of distinct texts cannot keep espeak-ng (and the disk) busy. */
  private takeSynthSlot(): void {
    const now = Date.now();
    while (this.recentSynths.length > 0 && now - this.recentSynths[0]! > 60_000) this.recentSynths.shift();
    if (this.recentSynths.length >= this.synthPerMinute) throw new VoiceBusyError();
    this.recentSynths.push(now);
  }

  /** Keeps the cache under its byte bound, least recently spoken first. */
  private evict(): void {
    const dir = this.options.cacheDir;
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.wav'))
      .map((f) => {
        const st = statSync(join(dir, f));
        return { f, size: st.size, used: st.mtimeMs };
      })
      .sort((a, b) => a.used - b.used);
    let total = files.reduce((n, x) => n + x.size, 0);
    for (const x of files) {
      if (total <= this.maxCacheBytes) break;
      rmSync(join(dir, x.f), { force: true });
      total -= x.size;
    }
  }

  /** Bytes the cache holds now (doctor, tests). */
  cacheBytes(): number {
    if (!existsSync(this.options.cacheDir)) return 0;
    return readdirSync(this.options.cacheDir).reduce((n, f) => n + statSync(join(this.options.cacheDir, f)).size, 0);
  }

  cacheKey(text: string): string {
    return createHash('sha256').update(`${this.voice}\u0000${this.speed}\u0000${text}`).digest('hex');
  }

  private async synthesise(text: string, file: string): Promise<Buffer> {
    mkdirSync(this.options.cacheDir, { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      execFile(
        this.options.binary ?? 'espeak-ng',
        ['-v', this.voice, '-s', String(this.speed), '-w', tmp, '--', text],
        { timeout: 15_000 },
        (err) => (err ? reject(err) : resolve()),
      );
    }).catch((err: unknown) => {
      rmSync(tmp, { force: true });
      throw err;
    });
    renameSync(tmp, file);
    this.options.log.debug('prompt synthesised', { ms: Date.now() - started, chars: text.length });
    return readFileSync(file);
  }
}
