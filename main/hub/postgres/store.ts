import pg from 'pg';
import type { HubBackend, SqlDialect } from '../backend.js';
import { postgresQueries } from './queries.js';

const POSTGRES_DIALECT: SqlDialect = {
  kind: 'postgres',
  blob: 'bytea',
  bigint: 'bigint',
  serialKey: 'bigserial PRIMARY KEY',
  tableOptions: '',
};

/** bigint as a JS number: every bigint the hub keeps (byte counts, sequence numbers) stays far below 2⁵³. */
const HUB_TYPES: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)),
};

/**
 * The kabupaten's hub database. TARGET is a postgres:// URL; an extra `?schema=NAME`
 * parameter puts every table in that schema (created if missing), which is how tests keep
 * runs apart. A transaction holds one pooled connection from BEGIN to COMMIT.
 */
export function openPostgresBackend(url: string): HubBackend {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? 'public';
  u.searchParams.delete('schema');
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new pg.Pool({ connectionString: u.toString(), max: 8, options: `-c search_path=${schema}`, types: HUB_TYPES });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it */
  });
  const pooled = postgresQueries(pool, schema);
  return {
    dialect: POSTGRES_DIALECT,
    run: (fn) => fn(pooled),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(postgresQueries(client, schema));
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
