import { resolve } from 'node:path';
import { createLogger } from '../../log.js';
import { startRelay } from '../../relay/server.js';
import { openRelayStore } from '../../relay/store.js';
import { relayStickImport, type RelayStickResult } from '../../relay/usb-import.js';
import { UsbError } from '../../usb/errors.js';
import { parseOptions, parsePort, UsageError, type Command } from '../command.js';

export const relayServeCommand: Command = {
  name: 'relay serve',
  summary: 'run a kecamatan relay: kiosks sync to it, it holds their batches and forwards them to the hub',
  usage: `anjungan relay serve --port P --db FILE --upstream URL [--host H] [--enrolment-code CODE]

  --port P               port (0 picks a free one)
  --db FILE              the relay's own SQLite file (created if missing)
  --upstream URL         the hub, or the next relay up (relays chain)
  --host H               address to bind (default 127.0.0.1)
  --enrolment-code CODE  a one-time code from \`anjungan hub enrol\`, for the relay's own
                         first contact with a hub that wants codes ($ANJUNGAN_ENROLMENT_CODE)

Kiosks use the relay's URL as their upstream. A batch is kept durably before the kiosk is
answered ("di kecamatan"); the hub's signed ack goes back down when it comes ("diterima
kabupaten"). Prints "Relay: URL" on stdout once listening; stops on Ctrl+C or SIGTERM.`,
  async run(argv) {
    const { values } = parseOptions(argv, { port: { type: 'string' }, db: { type: 'string' }, upstream: { type: 'string' }, host: { type: 'string' }, 'enrolment-code': { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.upstream || values.port === undefined) throw new UsageError('--port, --db and --upstream are required');
    try {
      new URL(values.upstream);
    } catch {
      throw new UsageError(`--upstream must be a URL, got "${values.upstream}"`);
    }
    const relay = await startRelay({
      db: resolve(values.db),
      upstream: values.upstream,
      port: parsePort(values.port, 4791),
      host: values.host ?? '127.0.0.1',
      log: createLogger('relay'),
      enrolmentCode: values['enrolment-code'] ?? process.env['ANJUNGAN_ENROLMENT_CODE'] ?? null,
    });
    process.stdout.write(`Relay: ${relay.url}\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    await relay.close();
    return 0;
  },
};

export const relayUsbImportCommand: Command = {
  name: 'relay usb-import',
  summary: "at a relay: keep every device's export from a USB stick, carry it to the hub, write the hub's answers back",
  usage: `anjungan relay usb-import --db RELAY --from DIR [--upstream URL] [--enrolment-code CODE]

  --db RELAY             the relay's SQLite file (the one \`anjungan relay serve --db\` uses)
  --from DIR             the stick's mount point
  --upstream URL         the hub (or the next relay up); default: the one \`relay serve\` last used
  --enrolment-code CODE  for the relay's own first contact with a hub that wants codes ($ANJUNGAN_ENROLMENT_CODE)

The stick's batches are sealed to the hub, so the relay cannot open them: it checks each device's
signed manifest and every file's size and digest, keeps the files byte-identical in its own
database (before it says anything), and carries each export to the hub, which ingests it exactly
as \`anjungan hub usb-import\` would (stored at most once, however often a stick is played).
The hub's answers (acks, statuses, catalogue; no release: that comes by link or at the hub) are
written onto the stick now if the hub answered, else kept and written the next time the stick is
seen; the exports wait at the relay ("held at relay, N files, will forward") and \`relay serve\`
carries them when the hub is back. Beside each export it leaves relay.json, which the kiosk's
\`usb import\` shows as "di kecamatan". Exit 0 everything on the stick taken (held or answered);
1 some device folder or file was refused, here or at the hub (each reason on stderr; the rest
was taken).`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, from: { type: 'string' }, upstream: { type: 'string' }, 'enrolment-code': { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (!values.db || !values.from) throw new UsageError('--db and --from are required');
    if (values.upstream) {
      try {
        new URL(values.upstream);
      } catch {
        throw new UsageError(`--upstream must be a URL, got "${values.upstream}"`);
      }
    }
    const store = openRelayStore(resolve(values.db));
    try {
      const r = await relayStickImport({
        store,
        from: resolve(values.from),
        upstream: values.upstream ?? store.getState<string>('upstream') ?? null,
        enrolmentCode: values['enrolment-code'] ?? process.env['ANJUNGAN_ENROLMENT_CODE'] ?? null,
        log: createLogger('relay'),
      });
      return printStickResult(r);
    } catch (err) {
      const code = (err as { code?: unknown } | null)?.code;
      if (!(err instanceof UsbError) && code !== 'SQLITE_FULL' && code !== 'ENOSPC') throw err;
      // What was stored before stays stored (each file is its own commit): the same stick finds it next time.
      const why = err instanceof UsbError ? err.message : code === 'SQLITE_FULL' ? "the relay's disk is full: free some space and play the stick again (what was stored is kept)" : 'the stick (or the relay\'s disk) is full: free some space and play the stick again (what was stored is kept)';
      process.stderr.write(`anjungan relay usb-import: ${why}\n`);
      return 1;
    } finally {
      store.close();
    }
  },
};

function printStickResult(r: RelayStickResult): number {
  const err = (s: string): boolean => process.stderr.write(`anjungan relay usb-import: ${s}\n`);
  let bad = 0;
  let held = 0;
  for (const d of r.devices) {
    for (const f of d.fileErrors) bad += Number(err(`device ${d.deviceId}: ${f}`));
    if (d.error) {
      bad += Number(err(`device ${d.deviceId}: refused: ${d.error}`));
      continue;
    }
    const taken = d.exportId ? `${d.files} files (${d.stored} new)` : 'no export';
    const wrote = d.answerWritten ? ', answer written' : '';
    if (d.state === 'held') {
      held++;
      process.stdout.write(`device ${d.deviceId}: held at relay, ${d.files} files, will forward${wrote}\n`);
    } else if (d.state === 'refused') {
      bad += Number(err(`device ${d.deviceId}: refused at the hub: ${d.refusedByHub ?? ''}`));
    } else if (d.outcome) {
      const o = d.outcome;
      process.stdout.write(`device ${d.deviceId}: ${taken}; at the hub: accepted ${o.accepted}, duplicate ${o.duplicate}, rejected ${o.rejected}, replayed ${o.replayed}, failed ${o.failed.length}, statuses ${o.statuses}${wrote}\n`);
      for (const f of o.failed) bad += Number(err(`device ${d.deviceId}: batch ${f.batchId} not taken: ${f.message}`));
    } else process.stdout.write(`device ${d.deviceId}: ${taken}${wrote}\n`);
  }
  if (held) process.stdout.write(`the hub could not be reached (${r.upstreamError ?? 'no answer yet'}): ${held} export(s) held at this relay; \`relay serve\` forwards them, and the next \`relay usb-import\` of this stick writes the answers\n`);
  process.stdout.write(`relay ${r.relayId}: ${r.devices.length} device folder(s) on the stick\n`);
  return bad ? 1 : 0;
}
