import { join } from 'node:path';
import { defaultDataDir } from '../../paths.js';

export function defaultHubTarget(): string {
  return process.env['ANJUNGAN_HUB_DB'] ?? join(defaultDataDir(), 'hub', 'hub.sqlite');
}

export const DB_HELP = `--db TARGET   a SQLite file (default ${'$'}ANJUNGAN_HUB_DB or <data>/hub/hub.sqlite) or a postgres:// URL`;
