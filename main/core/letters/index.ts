import { join } from 'node:path';
import type { CoreServices } from '../services.js';
import { LetterFiles } from './letter-files.js';
import type { LetterKeys } from './letter-keys.js';
import { LetterService } from './letter-service.js';
import { LetterPdfs } from './letter-store.js';

/** The letter service of a data folder: PDFs under <data>/letters/. */
export function createLetterService(s: Pick<CoreServices, 'store' | 'settings' | 'catalogue' | 'deviceId' | 'now' | 'log'>, keys: LetterKeys, dataDir: string): LetterService {
  const log = s.log.child('letters');
  return new LetterService({ ...s, log }, keys, new LetterPdfs(s.store, new LetterFiles(join(dataDir, 'letters')), log));
}
