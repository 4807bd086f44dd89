import { createLogger } from '../log.js';
import { hideSecretArgs } from './argv-redact.js';
import { UsageError, type Command } from './command.js';
import { COMMAND_LOADERS, commandLoader } from './registry.js';
import { COMMAND_SUMMARIES } from './summaries.js';

/** The summaries, without loading a command module (tests/node/cli/registry.test.ts keeps them equal). */
const commandList = (names: string[]): { name: string; summary: string }[] => names.map((name) => ({ name, summary: COMMAND_SUMMARIES[name] ?? '' }));

function overview(): string {
  const commands = commandList(COMMAND_LOADERS.map(([n]) => n));
  const w = Math.max(...commands.map((c) => c.name.length));
  return [
    'Anjungan: kiosk and service desk for desa offices (Serang Tatu).',
    '',
    'Usage: anjungan <command> [options]      anjungan <command> --help',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  hideSecretArgs(argv);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const path = [name];
  let load = commandLoader(name);
  // Two-word commands ("hub serve", "sim reader") are registered with their full name.
  if (!load && rest[0] !== undefined) {
    load = commandLoader(`${name} ${rest[0]}`);
    if (load) path.push(rest.shift()!);
  }
  if (!load) {
    const group = commandList(COMMAND_LOADERS.map(([n]) => n).filter((n) => n.startsWith(`${name} `)));
    if (group.length > 0 && (rest[0] === undefined || rest[0] === '--help')) {
      process.stdout.write(`${group.map((c) => `anjungan ${c.name.padEnd(16)} ${c.summary}`).join('\n')}\n`);
      return rest[0] === '--help' ? 0 : 2;
    }
    process.stderr.write(`anjungan: unknown command "${argv.join(' ')}"\n\n${overview()}\n`);
    return 2;
  }
  const command: Command = await load();
  try {
    return await command.run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`anjungan ${path.join(' ')}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    createLogger('cli').error('command failed', { command: command.name, error: err });
    process.stderr.write(`anjungan ${path.join(' ')}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
