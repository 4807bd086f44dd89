import { z } from 'zod';
import { call } from '../define.js';

export interface VoiceAudio {
  audio: string;
  mime: 'audio/wav' | 'audio/ogg' | 'audio/mpeg';
  source: 'pack' | 'cache' | 'synth';
}

export const voiceCalls = {
  /**
   * Speech for one on-screen text. `key` names the message (a voice pack may hold a recording of
   * it); `text` is what the screen shows. Never send personal data: prompts are cached on disk.
   */
  'voice:speak': call<VoiceAudio>()(
    ['open'],
    z
      .object({
        key: z.string().max(80).optional(),
        text: z.string().trim().min(1).max(400),
      })
      .strict(),
  ),
};
