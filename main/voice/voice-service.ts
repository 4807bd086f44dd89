import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
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

  constructor(private readonly options: VoiceOptions) {
    this.voice = options.voice ?? 'id';
    this.speed = options.speed ?? 145;
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
    const hash = this.cacheKey(text);
    const file = join(this.options.cacheDir, `${hash}.wav`);
    if (existsSync(file)) return { audio: readFileSync(file).toString('base64'), mime: 'audio/wav', source: 'cache' };
    let job = this.inflight.get(hash);
    if (!job) {
      job = this.synthesise(text, file).finally(() => this.inflight.delete(hash));
      this.inflight.set(hash, job);
    }
    return { audio: (await job).toString('base64'), mime: 'audio/wav', source: 'synth' };
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
