import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The per-user data folder, the same one Electron's app.getPath('userData') gives for the
 * product name "Anjungan", so the desktop shell and the CLI share one store.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['ANJUNGAN_DATA']) return resolve(env['ANJUNGAN_DATA']);
  if (platform === 'win32') return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Anjungan');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Anjungan');
  return join(env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'), 'Anjungan');
}

/**
 * The private key folder (0700) for the database key files of new installs: apart from the data
 * folder, so a copy or backup of the data folder carries no key. $ANJUNGAN_KEY_DIR overrides it.
 */
export function defaultKeyDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env['ANJUNGAN_KEY_DIR']) return resolve(env['ANJUNGAN_KEY_DIR']);
  if (platform === 'win32') return join(env['LOCALAPPDATA'] ?? join(homedir(), 'AppData', 'Local'), 'Anjungan', 'keys');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Anjungan-keys');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'anjungan-keys');
}

/** Root of the installed app (the folder holding package.json), from dist/node/main/paths.js. */
export const APP_ROOT = resolve(fileURLToPath(new URL('../../../', import.meta.url)));

/** The built renderer (vite build output). */
export const RENDERER_DIR = join(APP_ROOT, 'dist', 'renderer');

/** The shipped catalogue (services/ and agencies/, one JSON file each), read from the app folder. */
export const CATALOGUE_DIR = existsSync(join(APP_ROOT, 'main', 'catalogue', 'services'))
  ? join(APP_ROOT, 'main', 'catalogue')
  : fileURLToPath(new URL('./catalogue', import.meta.url)); // running from source (tests)

/** A voice pack shipped with the app (recorded prompts, one file per message key), if any. */
export const VOICE_PACK_DIR = join(APP_ROOT, 'voice-pack');

/**
 * The kabupaten's release public key: beside the app in a packaged build (electron-builder
 * extraResources), in installers/ in a checkout. Without it no update is ever installed.
 */
export function releaseKeyFile(resourcesPath: string | undefined = (process as { resourcesPath?: string }).resourcesPath): string {
  const packaged = resourcesPath ? join(resourcesPath, 'release-key.pub') : null;
  return packaged && existsSync(packaged) ? packaged : join(APP_ROOT, 'installers', 'release-key.pub');
}
