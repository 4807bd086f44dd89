import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseLinkSpec, SyncLinks, type SyncLink } from '../../../shared/sync/links.js';
import { startRelay } from '../../relay/server.js';
import { createCore } from '../../core/core.js';
import { startHost } from '../../host/server.js';
import { createLogger } from '../../log.js';
import { defaultDataDir, RENDERER_DIR } from '../../paths.js';
import { runtimeOptions } from '../../core/runtime-options.js';
import { defaultStoreKey } from '../../db/keys/default-key.js';
import { DATABASE_FILE } from '../../db/store.js';
import { defaultKeyDir } from '../../paths.js';
import { parseOptions, parsePort, UsageError, type Command } from '../command.js';
import { KEY_HELP, KEY_OPTIONS, keyFromOptions } from '../key-options.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'start the core and serve the app to a browser on 127.0.0.1',
  usage: `anjungan start [--data DIR] [--port P]

  --data DIR   data folder (default: ${defaultDataDir()}, or $ANJUNGAN_DATA)
  --port P     port on 127.0.0.1 (default 4780; 0 picks a free one)
  --reader R   e-KTP reader: sim (default), serial:/dev/ttyUSB0, uid:/dev/ttyACM0, none
  --printer P  receipt printer: sim (default), tcp://192.168.1.50:9100, serial:/dev/ttyS0, none
  --role R     kiosk or operator: set this device's role before starting (as the admin would)
  --catalogue DIR  read the catalogue (services/ and agencies/) from DIR instead of the shipped one
  --upstream URL  sync submissions to this hub instead of the embedded one
  --no-hub     do not run the embedded local hub (with no --upstream: no sync)
  --link NAME=URL[,budget=SIZE][,window=HH:MM-HH:MM]  a way up, in order of preference (repeat:
               LAN hub, kecamatan relay, mobile…); budget is bytes a day (50MB), windows in WIB;
               kept in the settings (syncLinks) and used instead of --upstream and the embedded hub
  --relay-upstream URL  also run the kecamatan relay on this PC, forwarding to URL (the hub);
               its database is <data>/relay.sqlite (see anjungan relay serve)
  --relay-port P  the relay's port (default 4791; 0 picks a free one)
  --relay-host H  the relay's address (default 127.0.0.1; the desa kiosks need the LAN address)
${KEY_HELP}

The store is encrypted at rest (SQLCipher). A new data folder gets a generated key file in the
private key folder (${defaultKeyDir()}, or $ANJUNGAN_KEY_DIR), named in <data>/db-key.json;
an existing plain store stays plain until \`anjungan db encrypt\`.

Prints the address to open, with its session key, on stdout ("Open: URL"), and on a line of
its own the address of the service desk on this device ("Desk: URL"), and on another the
waiting-room display of the queue ("Display: URL", for a screen in the waiting room), and
with --relay-upstream the relay's ("Relay: URL", the upstream for the desa kiosks).
Stops cleanly on Ctrl+C or SIGTERM.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, port: { type: 'string' }, reader: { type: 'string' }, printer: { type: 'string' }, upstream: { type: 'string' }, 'no-hub': { type: 'boolean' }, catalogue: { type: 'string' }, role: { type: 'string' }, 'relay-upstream': { type: 'string' }, 'relay-port': { type: 'string' }, 'relay-host': { type: 'string' }, link: { type: 'string', multiple: true }, ...KEY_OPTIONS });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    if (values.role !== undefined && values.role !== 'kiosk' && values.role !== 'operator') throw new UsageError(`--role must be kiosk or operator, got "${values.role}"`);
    const log = createLogger('start');
    const dataDir = resolve(values.data ?? defaultDataDir());
    const port = parsePort(values.port, 4780);
    let runtime: ReturnType<typeof runtimeOptions>;
    try {
      runtime = runtimeOptions({ reader: values.reader, printer: values.printer, upstream: values.upstream, noHub: values['no-hub'] });
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
    let links: SyncLink[] | undefined;
    try {
      links = values.link ? SyncLinks.parse(values.link.map(parseLinkSpec)) : undefined;
    } catch (err) {
      throw new UsageError(err instanceof z.ZodError ? `--link: ${err.issues[0]?.message ?? 'invalid'}` : err instanceof Error ? err.message : String(err));
    }
    // The links replace the embedded hub: the pump starts on the first and reads the list each pass.
    if (links?.length) runtime.sync = { upstream: links[0]!.url, embeddedHub: false };
    const catalogue = values.catalogue ? { catalogueDir: resolve(values.catalogue) } : {};
    const given = await keyFromOptions(values);
    const decision = given ? { kind: 'given' as const, key: given.key } : defaultStoreKey(dataDir, DATABASE_FILE, defaultKeyDir());
    if (decision.kind === 'created') log.info('new store encrypted with a generated key file', { keyFile: decision.keyFile });
    if (decision.kind === 'plain') log.warn('the store is not encrypted: stop Anjungan and run `anjungan db encrypt --data DIR --key-file FILE`', { dataDir });
    const dbKey = decision.kind === 'plain' ? {} : { dbKey: decision.key };
    const core = await createCore({ dataDir, shell: 'host', log, ...runtime, ...catalogue, ...dbKey });
    if (values.role && core.services.settings.get().role !== values.role) core.services.settings.update({ role: values.role }, 'cli');
    if (links) core.services.settings.update({ syncLinks: links }, 'cli');
    const host = await startHost({ core, port, rendererDir: RENDERER_DIR, log: log.child('host') });
    process.stdout.write(`Anjungan is running. Open: ${host.url}\n`);
    process.stdout.write(`Desk: ${host.urlFor('desk')}\n`);
    process.stdout.write(`Display: ${host.urlFor('display')}\n`);
    const relayUp = values['relay-upstream'];
    if (relayUp !== undefined && !/^https?:\/\//.test(relayUp)) throw new UsageError(`--relay-upstream must be an http(s) URL, got "${relayUp}"`);
    const relay = relayUp
      ? await startRelay({ db: join(dataDir, 'relay.sqlite'), upstream: relayUp, port: parsePort(values['relay-port'], 4791), host: values['relay-host'] ?? '127.0.0.1', log: log.child('relay') })
      : null;
    if (relay) process.stdout.write(`Relay: ${relay.url}\n`);
    if (core.services.sync.hubDb) process.stdout.write(`Local hub: ${core.services.sync.hubUrl} (anjungan hub status set REGNO STATUS --db ${core.services.sync.hubDb})\n`);
    await new Promise<void>((done) => {
      const stop = (signal: string): void => {
        log.info('stopping', { signal });
        done();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await relay?.close();
    await host.close();
    await core.close();
    return 0;
  },
};
