import Database from 'better-sqlite3';
import pg from 'pg';
import { CONSOLE_API, CSRF_HEADER } from '../../../shared/console/api.js';

/** A browser-like client: keeps the session cookie, sends the CSRF token on changes. */
export class Browser {
  cookie = '';
  csrf = '';
  constructor(private readonly base: string) {}
  async call(method: 'GET' | 'POST', path: string, body?: unknown, opts: { csrf?: string | null } = {}) {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.cookie) headers['cookie'] = this.cookie;
    const csrf = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (method === 'POST' && csrf) headers[CSRF_HEADER] = csrf;
    const r = await fetch(`${this.base}${CONSOLE_API}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const set = r.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0]!;
    const json = (r.headers.get('content-type') ?? '').includes('json') ? ((await r.json()) as Record<string, unknown>) : {};
    return { status: r.status, json, setCookie: set };
  }
  async login(username: string, password: string) {
    const r = await this.call('POST', '/login', { username, password });
    if (r.status === 200) this.csrf = String(r.json['csrf']);
    return r;
  }
}

/** Runs SQL on a hub database behind the hub's back (a tamper, a clock set back). */
export async function rawSql(target: string, sql: string): Promise<void> {
  if (!target.startsWith('postgres')) {
    const db = new Database(target);
    try {
      db.exec(sql);
    } finally {
      db.close();
    }
    return;
  }
  const u = new URL(target);
  const schema = u.searchParams.get('schema')!;
  u.searchParams.delete('schema');
  const c = new pg.Client({ connectionString: u.toString(), options: `-c search_path=${schema}` });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
