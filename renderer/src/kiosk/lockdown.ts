import { blockedBy } from '../../../shared/kiosk-lockdown.js';

/**
 * What a kiosk page itself can do against leaving it (issue 15): swallow the shortcut keys of
 * shared/kiosk-lockdown.ts, the context menu, Ctrl+wheel zoom, multi-finger gestures and a swipe past
 * the edge (overscroll: history back, pull to refresh). The
 * Electron shell blocks the same keys before the page; keys the browser keeps for itself are the
 * compositor's (cage) or the kiosk account's (Windows Shell Launcher) to refuse.
 */
export function installKioskLockdown(): () => void {
  const onKey = (e: KeyboardEvent): void => {
    if (blockedBy({ key: e.key, control: e.ctrlKey, alt: e.altKey, meta: e.metaKey, shift: e.shiftKey })) {
      e.preventDefault();
      e.stopPropagation();
    }
  };
  const prevent = (e: Event): void => e.preventDefault();
  const onWheel = (e: WheelEvent): void => {
    if (e.ctrlKey) e.preventDefault();
  };
  const onTouch = (e: TouchEvent): void => {
    if (e.touches.length > 1) e.preventDefault();
  };
  // A swipe past the page's edge must neither go back in history nor pull to refresh.
  const root = document.documentElement;
  const overscroll = root.style.overscrollBehavior;
  root.style.overscrollBehavior = 'none';
  window.addEventListener('keydown', onKey, true);
  window.addEventListener('contextmenu', prevent, true);
  window.addEventListener('dragstart', prevent, true);
  window.addEventListener('wheel', onWheel, { capture: true, passive: false });
  window.addEventListener('touchstart', onTouch, { capture: true, passive: false });
  return () => {
    root.style.overscrollBehavior = overscroll;
    window.removeEventListener('keydown', onKey, true);
    window.removeEventListener('contextmenu', prevent, true);
    window.removeEventListener('dragstart', prevent, true);
    window.removeEventListener('wheel', onWheel, true);
    window.removeEventListener('touchstart', onTouch, true);
  };
}
