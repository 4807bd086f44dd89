import { describe, expect, it } from 'vitest';
import { valueText } from '../../../shared/sync/value-text.js';

describe('valueText', () => {
  it('names scalars as they are, cuts long strings, and never calls an object\'s own toString', () => {
    expect(valueText(4)).toBe('4');
    expect(valueText(null)).toBe('null');
    expect(valueText(false)).toBe('false');
    expect(valueText('abc')).toBe('"abc"');
    expect(valueText('x'.repeat(100), 5)).toBe('"xxxxx…"');
    expect(valueText([1, 2])).toBe('an array');
    expect(valueText({ toString: null })).toBe('an object');
    expect(valueText(JSON.parse('{"toString":null,"valueOf":null}'))).toBe('an object');
    expect(valueText(undefined)).toBe('undefined');
    expect(() => String({ toString: null })).toThrow(TypeError);
  });
});
