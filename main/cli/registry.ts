import type { Command } from './command.js';

/**
 * Every sub-command by name, loaded only when run: `anjungan sync` then loads the sync engine
 * and the store, not the PDF library, the PostgreSQL client or the hub (a whole-process sync on
 * a LAN is timed, start included: issue 12 §4). Add one here and it appears in `anjungan --help`;
 * tests/node/cli/registry.test.ts checks each name against the command it loads.
 */
export const COMMAND_LOADERS: ReadonlyArray<readonly [string, () => Promise<Command>]> = [
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

export function commandLoader(name: string): (() => Promise<Command>) | undefined {
  return COMMAND_LOADERS.find(([n]) => n === name)?.[1];
}

/** All of them, for the overview and the group lists (slow: it loads every module). */
export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(COMMAND_LOADERS.map(([, load]) => load()));
}
