/**
 * The ways out of a kiosk window a resident could try with a keyboard (a USB keyboard left
 * plugged in, a scanner that types): every one is swallowed at the kiosk. The Electron shell
 * checks each key before the page (main/electron/window.ts); a browser kiosk page does what a
 * page can (renderer/src/kiosk/lockdown.ts). OS-level keys (Alt+Tab, Ctrl+Alt+Del) are the
 * compositor's (cage on Linux) or Windows' Shell Launcher's job.
 */
export interface KeyPress {
  key: string;
  control: boolean;
  alt: boolean;
  meta: boolean;
  shift: boolean;
}

interface Rule {
  /** Lower-case key name as in KeyboardEvent.key. */
  key: string;
  control?: boolean;
  alt?: boolean;
  shift?: boolean;
  meta?: boolean;
  why: string;
}

export const KIOSK_BLOCKED_KEYS: readonly Rule[] = [
  { key: 'f4', alt: true, why: 'close the window' },
  { key: 'w', control: true, why: 'close the window' },
  { key: 'q', control: true, why: 'quit' },
  { key: 'n', control: true, why: 'new window' },
  { key: 't', control: true, why: 'new tab' },
  { key: 'r', control: true, why: 'reload' },
  { key: 'f5', why: 'reload' },
  { key: 'f11', why: 'leave full screen' },
  { key: 'f12', why: 'developer tools' },
  { key: 'i', control: true, shift: true, why: 'developer tools' },
  { key: 'j', control: true, shift: true, why: 'developer tools' },
  { key: 'c', control: true, shift: true, why: 'developer tools' },
  { key: 'u', control: true, why: 'view source' },
  { key: 'p', control: true, why: 'print dialog' },
  { key: 's', control: true, why: 'save page' },
  { key: 'o', control: true, why: 'open file' },
  { key: 'l', control: true, why: 'address bar' },
  { key: 'f', control: true, why: 'find bar' },
  { key: 'h', control: true, why: 'history' },
  { key: 'j', control: true, why: 'downloads' },
  { key: '=', control: true, why: 'zoom' },
  { key: '+', control: true, why: 'zoom' },
  { key: '-', control: true, why: 'zoom' },
  { key: '0', control: true, why: 'zoom' },
  { key: 'escape', why: 'leave full screen' },
  { key: 'browserback', why: 'navigate back' },
  { key: 'arrowleft', alt: true, why: 'navigate back' },
  { key: 'arrowright', alt: true, why: 'navigate forward' },
  { key: 'contextmenu', why: 'context menu' },
  { key: 'meta', meta: true, why: 'the system menu' },
];

/** The rule that swallows this key press, or undefined when the kiosk may have it. */
export function blockedBy(k: KeyPress): Rule | undefined {
  const key = k.key.toLowerCase();
  // macOS uses Cmd where others use Ctrl; the kiosk treats both the same.
  const control = k.control || k.meta;
  return KIOSK_BLOCKED_KEYS.find((r) => {
    if (r.key !== key) return false;
    if (r.key === 'meta') return true;
    return !!r.control === control && !!r.alt === k.alt && (r.shift === undefined ? true : r.shift === k.shift);
  });
}
