import { describe, expect, it } from 'vitest';
import { COMMANDS, loadCommands } from '../../../main/cli/main.js';

/** The CLI's table names each command before loading it: the name must be the one its module gives. */
describe('the CLI command table', () => {
  it('names every command as its module does, once each', async () => {
    const loaded = await loadCommands();
    expect(loaded.map((c) => c.name)).toEqual(COMMANDS.map(([name]) => name));
    expect(new Set(COMMANDS.map(([name]) => name)).size).toBe(COMMANDS.length);
    for (const c of loaded) {
      expect(c.summary.length, c.name).toBeGreaterThan(0);
      expect(c.usage, c.name).toContain(`anjungan ${c.name}`);
    }
  });
});
