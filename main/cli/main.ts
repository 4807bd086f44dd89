import { createLogger } from '../log.js';
import { hideSecretArgs } from './argv-redact.js';
import { UsageError, type Command } from './command.js';
import { doctorCommand } from './commands/doctor.js';
import { dbEncryptCommand, dbKeygenCommand, dbRekeyCommand } from './commands/db.js';
import { startCommand } from './commands/start.js';
import { printTestCommand } from './commands/print-test.js';
import { readCardCommand } from './commands/read-card.js';
import { simPrinterCommand } from './commands/sim-printer.js';
import { simReaderCommand } from './commands/sim-reader.js';
import { importCommand } from './commands/import.js';
import { userAddCommand } from './commands/user.js';
import { hubPublishUpdateCommand } from './commands/hub-publish-update.js';
import { releaseKeygenCommand, releaseSignCommand, releaseVerifyCommand } from './commands/release.js';
import { searchCommand } from './commands/search.js';
import { reportCommand } from './commands/report.js';
import { privacyPurgeCommand, privacyReportCommand } from './commands/privacy.js';
import { syncCommand } from './commands/sync.js';
import { hubServeCommand } from './commands/hub-serve.js';
import { hubLetterCommand, letterVerifyCommand } from './commands/letter.js';
import { hubUserAddCommand } from './commands/hub-user.js';
import { hubSettingsCommand } from './commands/hub-settings.js';
import { hubUsbImportCommand, usbExportCommand, usbImportCommand } from './commands/usb.js';
import { relayServeCommand, relayUsbImportCommand } from './commands/relay.js';
import { outboxCommand } from './commands/outbox.js';
import { hubCountCommand, hubEnrolCommand, hubExportCommand, hubStatusCommand } from './commands/hub-data.js';

/** Every sub-command. Add one here and it appears in `anjungan --help`. */
export const COMMANDS: Command[] = [startCommand, doctorCommand, dbEncryptCommand, dbRekeyCommand, dbKeygenCommand, userAddCommand, searchCommand, reportCommand, privacyPurgeCommand, privacyReportCommand, importCommand, syncCommand, outboxCommand, usbExportCommand, usbImportCommand, relayServeCommand, relayUsbImportCommand, hubServeCommand, hubUsbImportCommand, hubCountCommand, hubExportCommand, hubStatusCommand, hubEnrolCommand, hubLetterCommand, letterVerifyCommand, simReaderCommand, simPrinterCommand, readCardCommand, printTestCommand, releaseKeygenCommand, releaseSignCommand, releaseVerifyCommand, hubPublishUpdateCommand, hubSettingsCommand, hubUserAddCommand];

function overview(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Anjungan: kiosk and service desk for desa offices (Serang Tatu).',
    '',
    'Usage: anjungan <command> [options]      anjungan <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
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
  let command = COMMANDS.find((c) => c.name === name);
  // Two-word commands ("hub serve", "sim reader") are registered with their full name.
  if (!command && rest[0] !== undefined) {
    command = COMMANDS.find((c) => c.name === `${name} ${rest[0]}`);
    if (command) path.push(rest.shift()!);
  }
  if (!command) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${name} `));
    if (group.length > 0 && (rest[0] === undefined || rest[0] === '--help')) {
      process.stdout.write(`${group.map((c) => `anjungan ${c.name.padEnd(16)} ${c.summary}`).join('\n')}\n`);
      return rest[0] === '--help' ? 0 : 2;
    }
    process.stderr.write(`anjungan: unknown command "${argv.join(' ')}"\n\n${overview()}\n`);
    return 2;
  }
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
