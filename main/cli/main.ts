import { createLogger } from '../log.js';
import { hideSecretArgs } from './argv-redact.js';
import { UsageError, type Command } from './command.js';

/**
 * Every sub-command by its name, and where it lives. Add one here and it appears in `anjungan --help`.
 * A command's module (and what it imports: the core, the hub, pdfkit, pg...) loads only when that
 * command runs: a CLI start reads one command's code, not all of them (seconds per run on a small
 * machine, and the fault tests start the CLI hundreds of times). tests/node/cli/commands.test.ts
 * checks each name here is the name its module gives.
 */
export const COMMANDS: readonly (readonly [name: string, load: () => Promise<Command>])[] = [
  ['start', async () => (await import('./commands/start.js')).startCommand],
  ['doctor', async () => (await import('./commands/doctor.js')).doctorCommand],
  ['db encrypt', async () => (await import('./commands/db.js')).dbEncryptCommand],
  ['db rekey', async () => (await import('./commands/db.js')).dbRekeyCommand],
  ['db keygen', async () => (await import('./commands/db.js')).dbKeygenCommand],
  ['user add', async () => (await import('./commands/user.js')).userAddCommand],
  ['search', async () => (await import('./commands/search.js')).searchCommand],
  ['report', async () => (await import('./commands/report.js')).reportCommand],
  ['privacy purge', async () => (await import('./commands/privacy.js')).privacyPurgeCommand],
  ['privacy report', async () => (await import('./commands/privacy.js')).privacyReportCommand],
  ['import', async () => (await import('./commands/import.js')).importCommand],
  ['sync', async () => (await import('./commands/sync.js')).syncCommand],
  ['outbox', async () => (await import('./commands/outbox.js')).outboxCommand],
  ['usb export', async () => (await import('./commands/usb.js')).usbExportCommand],
  ['usb import', async () => (await import('./commands/usb.js')).usbImportCommand],
  ['relay serve', async () => (await import('./commands/relay.js')).relayServeCommand],
  ['relay usb-import', async () => (await import('./commands/relay.js')).relayUsbImportCommand],
  ['hub serve', async () => (await import('./commands/hub-serve.js')).hubServeCommand],
  ['hub usb-import', async () => (await import('./commands/usb.js')).hubUsbImportCommand],
  ['hub count', async () => (await import('./commands/hub-data.js')).hubCountCommand],
  ['hub export', async () => (await import('./commands/hub-data.js')).hubExportCommand],
  ['hub status', async () => (await import('./commands/hub-data.js')).hubStatusCommand],
  ['hub enrol', async () => (await import('./commands/hub-data.js')).hubEnrolCommand],
  ['hub letter', async () => (await import('./commands/letter.js')).hubLetterCommand],
  ['letter verify', async () => (await import('./commands/letter.js')).letterVerifyCommand],
  ['sim reader', async () => (await import('./commands/sim-reader.js')).simReaderCommand],
  ['sim printer', async () => (await import('./commands/sim-printer.js')).simPrinterCommand],
  ['read-card', async () => (await import('./commands/read-card.js')).readCardCommand],
  ['print-test', async () => (await import('./commands/print-test.js')).printTestCommand],
  ['release keygen', async () => (await import('./commands/release.js')).releaseKeygenCommand],
  ['release sign', async () => (await import('./commands/release.js')).releaseSignCommand],
  ['release verify', async () => (await import('./commands/release.js')).releaseVerifyCommand],
  ['hub publish-update', async () => (await import('./commands/hub-publish-update.js')).hubPublishUpdateCommand],
  ['hub settings', async () => (await import('./commands/hub-settings.js')).hubSettingsCommand],
  ['hub user', async () => (await import('./commands/hub-user.js')).hubUserAddCommand],
];

/** Every command, loaded (for the overview and the group listings). */
export function loadCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map(([, load]) => load()));
}

async function overview(): Promise<string> {
  const commands = await loadCommands();
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
  let entry = COMMANDS.find(([n]) => n === name);
  // Two-word commands ("hub serve", "sim reader") are registered with their full name.
  if (!entry && rest[0] !== undefined) {
    entry = COMMANDS.find(([n]) => n === `${name} ${rest[0]}`);
    if (entry) path.push(rest.shift()!);
  }
  if (!entry) {
    const group = await Promise.all(COMMANDS.filter(([n]) => n.startsWith(`${name} `)).map(([, load]) => load()));
    if (group.length > 0 && (rest[0] === undefined || rest[0] === '--help')) {
      process.stdout.write(`${group.map((c) => `anjungan ${c.name.padEnd(16)} ${c.summary}`).join('\n')}\n`);
      return rest[0] === '--help' ? 0 : 2;
    }
    process.stderr.write(`anjungan: unknown command "${argv.join(' ')}"\n\n${await overview()}\n`);
    return 2;
  }
  const command = await entry[1]();
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
