import type { Display } from 'electron';

export type DisplayWindowSetting = 'auto' | 'always' | 'never';

/**
 * Where the waiting-room display goes: the first monitor that is not the main window's, full
 * screen; with one monitor only when the setting says always (then as a normal window); never
 * when it says never. Pure, so the choice is tested without Electron.
 */
export function placeDisplay(
  setting: DisplayWindowSetting,
  displays: readonly Pick<Display, 'id' | 'bounds'>[],
  mainDisplayId: number,
): { bounds: Display['bounds']; fullscreen: boolean } | null {
  if (setting === 'never') return null;
  const other = displays.find((d) => d.id !== mainDisplayId);
  if (other) return { bounds: other.bounds, fullscreen: true };
  if (setting !== 'always' || displays.length === 0) return null;
  const { x, y } = displays[0]!.bounds;
  return { bounds: { x: x + 40, y: y + 40, width: 1280, height: 720 }, fullscreen: false };
}
