import type { voiceCalls } from '../../../shared/api/calls/voice.js';
import { ApiFailure } from '../../../shared/api/result.js';
import { VoiceBusyError } from '../../voice/voice-service.js';
import type { Handlers } from '../dispatcher.js';
import type { CoreServices } from '../services.js';

export function voiceHandlers(s: CoreServices): Pick<Handlers, keyof typeof voiceCalls> {
  return {
    'voice:speak': async (req) => {
      try {
        return await s.voice.speak(req.text, req.key);
      } catch (err) {
        if (err instanceof VoiceBusyError) throw new ApiFailure('rate_limited', err.message);
        s.log.warn('speech failed', { error: err });
        throw new ApiFailure('device_unavailable', 'speech synthesis failed (is espeak-ng installed?)');
      }
    },
  };
}
