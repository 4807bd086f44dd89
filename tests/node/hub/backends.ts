import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { openHubStore } from '../../../main/hub/open.js';
import type { HubStore } from '../../../main/hub/store.js';
import { tempDir } from '../../helpers/tmp.js';

/**
 * The hub backends every hub/sync suite runs against: SQLite always; PostgreSQL when
 * ANJUNGAN_TEST_PG holds a URL (each use gets its own schema, dropped afterwards).
 */
export interface Backend {
  name: 'sqlite' | 'postgres';
  /** A fresh, empty hub database: its TARGET (for the CLI) and a cleanup. */
  fresh(): Promise<{ target: string; open: () => Promise<HubStore>; cleanup: () => Promise<void> }>;
}

export const PG_URL = process.env['ANJUNGAN_TEST_PG'] ?? null;

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async fresh() {
      const tmp = tempDir('anjungan-hub-');
      const target = join(tmp.dir, 'hub.sqlite');
      return { target, open: () => openHubStore(target), cleanup: async () => tmp.cleanup() };
    },
  },
  ...(PG_URL
    ? [
        {
          name: 'postgres' as const,
          async fresh() {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const u = new URL(PG_URL);
            u.searchParams.set('schema', schema);
            const target = u.toString();
            return {
              target,
              open: () => openHubStore(target),
              cleanup: async () => {
                const c = new pg.Client({ connectionString: PG_URL });
                await c.connect();
                await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
                await c.end();
              },
            };
          },
        },
      ]
    : []),
];
