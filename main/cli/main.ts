import { createLogger } from '../log.js';
import { hideSecretArgs } from './argv-redact.js';
import { UsageError, type Command } from './command.js';
import { COMMAND_LOADERS, commandLoader, loadAllCommands } from './registry.js';

async function overview(): Promise<string> {
  const commands = await loadAllCommands();
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
    process.stdout.write(`${await overview()}\n`);
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
    const group = await Promise.all(COMMAND_LOADERS.filter(([n]) => n.startsWith(`${name} `)).map(([, l]) => l()));
    if (group.length > 0 && (rest[0] === undefined || rest[0] === '--help')) {
      process.stdout.write(`${group.map((c) => `anjungan ${c.name.padEnd(16)} ${c.summary}`).join('\n')}\n`);
      return rest[0] === '--help' ? 0 : 2;
    }
    process.stderr.write(`anjungan: unknown command "${argv.join(' ')}"\n\n${await overview()}\n`);
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
