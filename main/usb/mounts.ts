import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { STICK_ROOT } from '../../shared/usb/format.js';

/** Most sticks one look reports (a hub PC with a USB hub full of sticks, bounded). */
export const MAX_STICKS = 32;

/** `*` in one path part: any name but a hidden one. */
function partPattern(part: string): RegExp {
  return new RegExp(`^${part.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders a pattern such as `/media/*\/*` names (each a mounted volume: /media/<user>/<label>),
 * sorted. Only `*` is special, and only within one path part; an unreadable folder is skipped.
 */
export function expandMountRoot(pattern: string): string[] {
  let found = ['/'];
  for (const part of pattern.split('/').filter(Boolean)) {
    const next: string[] = [];
    for (const base of found) {
      if (!part.includes('*')) {
        if (isDir(join(base, part))) next.push(join(base, part));
        continue;
      }
      const re = partPattern(part);
      let names: string[] = [];
      try {
        names = readdirSync(base);
      } catch {
        continue;
      }
      for (const n of names.sort()) if (!n.startsWith('.') && re.test(n) && isDir(join(base, n))) next.push(join(base, n));
    }
    found = next.slice(0, 1000);
  }
  return found.slice(0, MAX_STICKS);
}

/**
 * Windows: the drive letters D: to Z: that hold the stick marker, the `anjungan` folder (every
 * stick the hub prepared or a desk wrote has it), so an office's data disk is never offered. A
 * blank stick gets the folder made by hand, or goes to the hub first.
 */
export function windowsSticks(exists: (path: string) => boolean = existsSync): string[] {
  const out: string[] = [];
  for (let c = 'D'.charCodeAt(0); c <= 'Z'.charCodeAt(0); c++) {
    const root = `${String.fromCharCode(c)}:\\`;
    if (exists(`${root}${STICK_ROOT}`)) out.push(root);
  }
  return out.slice(0, MAX_STICKS);
}

/** Where this desk looks for sticks: the setting's pattern on Linux, the marked drive letters on Windows. */
export function findSticks(platform: NodeJS.Platform, mountRoot: string): { mountRoot: string; paths: string[] } {
  if (platform === 'win32') return { mountRoot: 'D:\\ … Z:\\ (\\anjungan)', paths: windowsSticks() };
  return { mountRoot, paths: expandMountRoot(mountRoot) };
}
