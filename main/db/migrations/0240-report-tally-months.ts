import { SKM_UNSUR } from '../../../shared/catalogue/skm.js';
import type { Migration } from '../migration.js';

/**
 * Monthly tallies of the requests and survey reports (issue 11 §2, "every report over 1,000,000
 * submissions p95 ≤ 500 ms"), as migration 0210 did for the queue and the SLA: a year of the
 * services report read ~70,000 daily rows (report_tally: per day, dimension and key;
 * report_service_status: per day, service and state), the IKM ~6,000 rows of report_skm_day.
 * These keep the same counts per calendar month ('YYYY-MM'), kept by triggers on the daily
 * tallies themselves (every writer of those keeps them too), backfilled here; a report reads
 * whole months here and the days at either end of its period from the daily tables
 * (shared/reports/month-split.ts, main/db/queries/reports.ts).
 * - report_tally_month: report_tally per month.
 * - report_service_status_month: report_service_status per month.
 * - report_skm_month: report_skm_day per month (sheets and, per unsur, the sum and count of answers).
 */
const MONTH = (day: string): string => `substr(${day}, 1, 7)`;
const SKM_COLS = SKM_UNSUR.flatMap((u) => [`${u}_sum`, `${u}_n`]);

/** The upsert adding (sign '') or taking away (sign '-') one daily row's counts to its month. */
const ADD = (table: string, keys: string[], counts: string[]) => (r: 'NEW' | 'OLD', sign: '' | '-') =>
  `INSERT INTO ${table}_month (month, ${[...keys, ...counts].join(', ')}) VALUES (${MONTH(`${r}.day`)}, ${[...keys.map((k) => `${r}.${k}`), ...counts.map((c) => `${sign}${r}.${c}`)].join(', ')})
     ON CONFLICT (${table === 'report_tally' ? 'dim, month, key' : ['month', ...keys].join(', ')}) DO UPDATE SET ${counts.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};`;

const TABLES: { table: string; keys: string[]; counts: string[]; create: string }[] = [
  {
    table: 'report_tally',
    keys: ['dim', 'key'],
    counts: ['n'],
    create: 'dim TEXT NOT NULL, month TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (dim, month, key)',
  },
  {
    table: 'report_service_status',
    keys: ['service_id', 'status'],
    counts: ['n'],
    create: 'month TEXT NOT NULL, service_id TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (month, service_id, status)',
  },
  {
    table: 'report_skm',
    keys: ['service_id'],
    counts: ['responses', ...SKM_COLS],
    create: `month TEXT NOT NULL, service_id TEXT NOT NULL, responses INTEGER NOT NULL, ${SKM_COLS.map((c) => `${c} INTEGER NOT NULL`).join(', ')}, PRIMARY KEY (month, service_id)`,
  },
];

export const migration0240: Migration = {
  version: 240,
  name: 'report-tally-months',
  up(db) {
    for (const { table, keys, counts, create } of TABLES) {
      // report_skm's daily table is report_skm_day; the others are named as their months without _month.
      const daily = table === 'report_skm' ? 'report_skm_day' : table;
      const add = ADD(table, keys, counts);
      db.exec(`
        CREATE TABLE ${table}_month (${create}) STRICT, WITHOUT ROWID;
        INSERT INTO ${table}_month (month, ${[...keys, ...counts].join(', ')})
          SELECT ${MONTH('day')}, ${keys.join(', ')}, ${counts.map((c) => `sum(${c})`).join(', ')} FROM ${daily} GROUP BY ${MONTH('day')}, ${keys.join(', ')};
        CREATE TRIGGER ${table}_month_insert AFTER INSERT ON ${daily} BEGIN
          ${add('NEW', '')}
        END;
        CREATE TRIGGER ${table}_month_update AFTER UPDATE ON ${daily} BEGIN
          ${add('OLD', '-')}
          ${add('NEW', '')}
        END;
        CREATE TRIGGER ${table}_month_delete AFTER DELETE ON ${daily} BEGIN
          ${add('OLD', '-')}
        END;
      `);
    }
  },
};
