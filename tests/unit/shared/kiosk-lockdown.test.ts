import { describe, expect, it } from 'vitest';
import { blockedBy, KIOSK_BLOCKED_KEYS } from '../../../shared/kiosk-lockdown.js';

const press = (key: string, mods: Partial<{ control: boolean; alt: boolean; meta: boolean; shift: boolean }> = {}) => ({
  key,
  control: false,
  alt: false,
  meta: false,
  shift: false,
  ...mods,
});

describe('kiosk lockdown: no way out of the window by keyboard (issue 15)', () => {
  it.each([
    ['Alt+F4', press('F4', { alt: true })],
    ['Ctrl+W', press('w', { control: true })],
    ['Ctrl+Q', press('q', { control: true })],
    ['F5', press('F5')],
    ['Ctrl+R', press('r', { control: true })],
    ['F11', press('F11')],
    ['F12', press('F12')],
    ['Ctrl+Shift+I', press('I', { control: true, shift: true })],
    ['Ctrl+P', press('p', { control: true })],
    ['Ctrl+L', press('l', { control: true })],
    ['Ctrl++', press('+', { control: true, shift: true })],
    ['Cmd+W', press('w', { meta: true })],
    ['Alt+ArrowLeft', press('ArrowLeft', { alt: true })],
    ['Escape', press('Escape')],
  ])('%s is swallowed', (_name, k) => {
    expect(blockedBy(k)).toBeDefined();
  });

  it.each([
    ['a digit on the NIK keypad', press('5')],
    ['a letter', press('A', { shift: true })],
    ['Enter from the QR scanner', press('Enter')],
    ['Backspace', press('Backspace')],
    ['Tab', press('Tab')],
    ['Ctrl+A is harmless', press('a', { control: true })],
  ])('%s passes', (_name, k) => {
    expect(blockedBy(k)).toBeUndefined();
  });

  it('every rule says why', () => {
    for (const r of KIOSK_BLOCKED_KEYS) expect(r.why.length).toBeGreaterThan(3);
  });
});
