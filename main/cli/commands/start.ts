import { resolve } from 'node:path';
import { createCore } from '../../core/core.js';
import { startHost } from '../../host/server.js';
import { createLogger } from '../../log.js';
import { defaultDataDir, RENDERER_DIR } from '../../paths.js';
import { parseOptions, parsePort, type Command } from '../command.js';

export const startCommand: Command = {
  name: 'start',
  summary: 'start the core and serve the app to a browser on 127.0.0.1',
  usage: `anjungan start [--data DIR] [--port P]

  --data DIR   data folder (default: ${defaultDataDir()}, or $ANJUNGAN_DATA)
  --port P     port on 127.0.0.1 (default 4780; 0 picks a free one)

Prints the address to open, with its one-time session key, on stdout.
Stops cleanly on Ctrl+C or SIGTERM.`,
  async run(argv) {
    const { values } = parseOptions(argv, { data: { type: 'string' }, port: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const log = createLogger('start');
    const dataDir = resolve(values.data ?? defaultDataDir());
    const port = parsePort(values.port, 4780);
    const core = await createCore({ dataDir, shell: 'host', log });
    const host = await startHost({ core, port, rendererDir: RENDERER_DIR, log: log.child('host') });
    process.stdout.write(`Anjungan is running. Open: ${host.url}\n`);
    await new Promise<void>((done) => {
      const stop = (signal: string): void => {
        log.info('stopping', { signal });
        done();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await host.close();
    await core.close();
    return 0;
  },
};
