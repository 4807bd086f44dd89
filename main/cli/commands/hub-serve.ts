import { dirname, join, resolve } from 'node:path';
import { writeKeyRef } from '../../db/keys/key-ref.js';
import { createForwarder, webhookAdapter, type Forwarder } from '../../hub/forward.js';
import { isPostgresTarget, openHubStore } from '../../hub/open.js';
import { startHubServer } from '../../hub/server.js';
import { createLogger } from '../../log.js';
import { parseOptions, parsePort, UsageError, type Command } from '../command.js';
import { KEY_HELP, KEY_OPTIONS, keyFromOptions, refOf } from '../key-options.js';
import { DB_HELP, defaultHubTarget } from './hub-common.js';

export const hubServeCommand: Command = {
  name: 'hub serve',
  summary: 'run the kabupaten hub that kiosks sync to',
  usage: `anjungan hub serve [--port P] [--host H] [--db TARGET] [--key-file F | --key-env NAME | --key-stdin] [--catalogue FILE] [--webhook URL]

  --port P          port (default 4790; 0 picks a free one)
  --host H          address to bind (default 127.0.0.1)
  ${DB_HELP}
${KEY_HELP}
                (a SQLite --db only; a new file is created encrypted, a plain one needs
                \`anjungan db encrypt --db FILE\` first; the key's place goes in db-key.json
                beside it, so the other hub commands find it)
  --catalogue FILE  a {version, services:[...]} JSON file served to kiosks
  --webhook URL     forward every accepted submission to this URL (durable, retried)
  --webhook-secret S  HMAC-SHA256 secret for the webhook's x-anjungan-signature (better:
                    $ANJUNGAN_WEBHOOK_SECRET; a flag's value is hidden from the process list
                    only once the command has started)

A postgres:// URL with a password belongs in $ANJUNGAN_HUB_DB, not in --db: every user can
read a process's command line (the command hides it there as soon as it starts, and warns).
Enrolment: one-time codes from \`anjungan hub enrol\`; ANJUNGAN_ENROLMENT=open in the
environment accepts first contact (trust on first use; demos and tests only, and refused with
--host on any address but loopback).
Agencies work requests in the console at /console/ (accounts: anjungan hub user add);
scripts use the CLI (anjungan hub status set), which writes to the database directly.
Prints the URL on stdout; stops on Ctrl+C or SIGTERM.`,
  async run(argv) {
    const { values } = parseOptions(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      catalogue: { type: 'string' },
      webhook: { type: 'string' },
      'webhook-secret': { type: 'string' },
      ...KEY_OPTIONS,
    });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const log = createLogger('hub');
    const host = values.host ?? '127.0.0.1';
    const enrolment = process.env['ANJUNGAN_ENROLMENT'] === 'open' ? 'open' : 'code';
    if (enrolment === 'open' && !/^(127\.|localhost$|::1$)/.test(host)) {
      throw new UsageError(`ANJUNGAN_ENROLMENT=open is refused with --host ${host}: anyone on the network could enrol; use \`anjungan hub enrol\` codes`);
    }
    if (values.db && /^postgres(ql)?:\/\/[^/@]*:[^/@]*@/.test(values.db)) {
      log.warn('a password in --db shows in the process list to every user; put the URL in $ANJUNGAN_HUB_DB instead');
    }
    if (values['webhook-secret'] !== undefined) log.warn('--webhook-secret shows in the process list while a command starts; put it in $ANJUNGAN_WEBHOOK_SECRET instead');
    const webhookSecret = values['webhook-secret'] ?? process.env['ANJUNGAN_WEBHOOK_SECRET'] ?? null;
    const target = values.db ?? defaultHubTarget();
    const given = await keyFromOptions(values);
    if (given && isPostgresTarget(target)) throw new UsageError('--key-file, --key-env and --key-stdin are for a SQLite --db file');
    const store = await openHubStore(target, given?.key);
    if (given) writeKeyRef(dirname(resolve(target)), refOf(given));
    let forwarder: Forwarder | null = null;
    if (values.webhook) forwarder = createForwarder(store, [webhookAdapter('webhook', values.webhook, webhookSecret)], log.child('forward'));
    const server = await startHubServer({
      store,
      port: parsePort(values.port, 4790),
      host,
      log,
      enrolment,
      catalogueFile: values.catalogue ? resolve(values.catalogue) : null,
      forwarder,
      spoolDir: isPostgresTarget(target) ? null : join(dirname(resolve(target)), 'spool'),
    });
    process.stdout.write(`Anjungan hub listening on ${server.url}\n`);
    await new Promise<void>((done) => {
      process.once('SIGINT', () => done());
      process.once('SIGTERM', () => done());
    });
    forwarder?.stop();
    await server.close();
    await store.close();
    return 0;
  },
};
