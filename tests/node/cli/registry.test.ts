import { describe, expect, it } from 'vitest';
import { COMMAND_LOADERS, commandLoader } from '../../../main/cli/registry.js';
import { main } from '../../../main/cli/main.js';
import { COMMAND_SUMMARIES } from '../../../main/cli/summaries.js';

describe('the command registry (each command loaded only when run)', () => {
  it('names every command by the name its module gives it, once', async () => {
    const names = COMMAND_LOADERS.map(([n]) => n);
    expect(new Set(names).size).toBe(names.length);
    for (const [name, load] of COMMAND_LOADERS) expect((await load()).name).toBe(name);
  });

  it('keeps for the overview the summary each command gives, one for every command', async () => {
    expect(Object.keys(COMMAND_SUMMARIES).sort()).toEqual(COMMAND_LOADERS.map(([n]) => n).sort());
    for (const [name, load] of COMMAND_LOADERS) expect({ name, summary: COMMAND_SUMMARIES[name] }).toEqual({ name, summary: (await load()).summary });
  });

  it('finds a command by its name and nothing else', () => {
    expect(commandLoader('sync')).toBeDefined();
    expect(commandLoader('hub serve')).toBeDefined();
    expect(commandLoader('hub')).toBeUndefined();
    expect(commandLoader('syn')).toBeUndefined();
  });

  it('lists every command in the overview and a group on its own', async () => {
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write;
    try {
      expect(await main(['--help'])).toBe(0);
      expect(await main(['relay', '--help'])).toBe(0);
    } finally {
      process.stdout.write = write;
    }
    const [overview, group] = out;
    for (const [name] of COMMAND_LOADERS) expect(overview).toMatch(new RegExp(`\\n  ${name} +${COMMAND_SUMMARIES[name]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
    expect(group!.split('\n').filter(Boolean).map((l) => /^anjungan (\S+ \S+) /.exec(l)?.[1])).toEqual(['relay serve', 'relay usb-import']);
  });
});
