import { describe, expect, it } from 'vitest';
import { MAX_RECORD_DEPTH, recordUnstorableReason, unstorableReason } from '../../../shared/sync/storable.js';

/** The ingest's shortcut (decide from the JSON text when it can) answers what the walk of the parsed record answers. */
describe('recordUnstorableReason', () => {
  const nest = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;
  const texts = [
    '{"id":"a","nama":"SITI","answers":{"x":["ok",1,null]}}',
    '{"id":"a","nama":"Ñoño 😀 \\u00e9"}',
    '{"id":"a","nama":"\\ud83d\\ude00"}', // an escaped pair: storable, though it looks risky
    '{"id":"a","nama":"x\\udfff"}', // an escaped lone low surrogate
    '{"id":"a","nama":"x\\uD800y"}', // an escaped lone high one, upper case
    '{"id":"a","nama":"\\u0000"}',
    '{"id":"a","answers":{"k\\u0000":1}}', // in a member name
    '{"id":"a","nama":"\\\\u0000"}', // a backslash then "u0000": plain text, storable
    '{"id":"a","nama":"x\udfffy"}', // a raw lone surrogate in the text
    `{"id":"a","d":${nest(MAX_RECORD_DEPTH - 1)}}`, // 64 containers: within the bound
    `{"id":"a","d":${nest(MAX_RECORD_DEPTH)}}`, // 65: one too deep
    `{"id":"a","s":"${'{'.repeat(100)}"}`, // braces in a string: not nesting
  ];

  it('agrees with unstorableReason on every tricky text', () => {
    const answers = texts.map((t) => {
      const value = JSON.parse(t) as unknown;
      const fast = recordUnstorableReason(t, value);
      expect(fast, t).toBe(unstorableReason(value));
      return fast === null;
    });
    expect(answers).toEqual([true, true, true, false, false, false, false, true, false, true, false, true]);
  });
});
