import type { SqlDialect } from './backend.js';

/**
 * Hub migration 430 (issue 13 §2): the complaints' "callback only" filter in the query, on an
 * index. The console filtered the page it had fetched, so a callback on page 2 never showed on
 * page 1 and pages came up short. The number to call back is in the record's JSON
 * (`callbackPhone` in shared/domain/complaint-workflow.ts); here the same rule is written in SQL,
 * once per dialect, and a partial index holds only the submissions that have one (complaints only,
 * in practice), so a page reads just those, in the list's order (SQLite's planner takes it led by
 * service_id, as the query's IN; PostgreSQL's by (received_at, id), the ORDER BY):
 * - SQLite: `submissions.callback_phone`, a VIRTUAL generated column (no rewrite of the table).
 * - PostgreSQL: an IMMUTABLE function `hub_callback_phone(record)` in a partial index's predicate
 *   (a STORED column would rewrite every row of a table of millions).
 * The rule, as the JS one: the answers (payload.answers when it is an object or array, else the
 * payload) say mauDihubungi = "ya" or true, and the first of noHp, telepon, phone that is not null
 * is a string which, without its leading and trailing spaces, is + or a digit then 5 to 20 digits,
 * spaces or hyphens. tests/node/console/callbacks.test.ts checks that both agree on tricky records.
 * Both first look for the text "mauDihubungi" in the record, so the many records without it (every
 * request that is not a complaint) cost a substring search, not a JSON parse, on insert (PostgreSQL
 * ingest: 20% slower with the parse on every row). The one difference from the JS rule: a record
 * that spells the key with a JSON escape ("mau\u0044ihubungi") is not seen; no kiosk writes one.
 */
export function callbackIndex(d: SqlDialect): string {
  if (d.kind === 'sqlite') {
    const base = `(CASE WHEN json_type(record, '$.payload.answers') IN ('object', 'array') THEN '$.payload.answers' ELSE '$.payload' END)`;
    const at = (key: string) => `${base} || '.${key}'`;
    const present = (key: string) => `coalesce(json_type(record, ${at(key)}), 'null') <> 'null'`;
    const path = `(CASE WHEN ${present('noHp')} THEN ${at('noHp')} WHEN ${present('telepon')} THEN ${at('telepon')} WHEN ${present('phone')} THEN ${at('phone')} END)`;
    const wants = `(json_type(record, ${at('mauDihubungi')}) = 'true' OR (json_type(record, ${at('mauDihubungi')}) = 'text' AND json_extract(record, ${at('mauDihubungi')}) = 'ya'))`;
    const phone = `trim(json_extract(record, ${path}), ' ')`;
    const valid = `length(${phone}) BETWEEN 6 AND 21 AND substr(${phone}, 1, 1) GLOB '[+0-9]' AND substr(${phone}, 2) NOT GLOB '*[^0-9 -]*'`;
    return `
      ALTER TABLE submissions ADD COLUMN callback_phone TEXT GENERATED ALWAYS AS (
        CASE WHEN instr(record, 'mauDihubungi') > 0 AND ${wants} AND json_type(record, ${path}) = 'text' AND ${valid} THEN ${phone} END
      ) VIRTUAL;
      CREATE INDEX submissions_callbacks ON submissions (service_id, received_at, id) WHERE callback_phone IS NOT NULL;
    `;
  }
  // hub_callback_phone is an SQL function the planner inlines (the substring test), around one JSON
  // parse in PL/pgSQL for the records that name the key. Its cost tells the planner to read the
  // partial index rather than test the function row by row along another index.
  return `
    CREATE FUNCTION hub_callback_phone_parse(record text) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
    DECLARE a json; w json; p json; t text;
    BEGIN
      a := record::json -> 'payload';
      IF json_typeof(a -> 'answers') IN ('object', 'array') THEN a := a -> 'answers'; END IF;
      w := a -> 'mauDihubungi';
      IF NOT coalesce((json_typeof(w) = 'string' AND w #>> '{}' = 'ya') OR (json_typeof(w) = 'boolean' AND w #>> '{}' = 'true'), false) THEN RETURN NULL; END IF;
      p := CASE
        WHEN coalesce(json_typeof(a -> 'noHp'), 'null') <> 'null' THEN a -> 'noHp'
        WHEN coalesce(json_typeof(a -> 'telepon'), 'null') <> 'null' THEN a -> 'telepon'
        WHEN coalesce(json_typeof(a -> 'phone'), 'null') <> 'null' THEN a -> 'phone' END;
      IF p IS NULL OR json_typeof(p) <> 'string' THEN RETURN NULL; END IF;
      t := btrim(p #>> '{}', ' ');
      RETURN CASE WHEN t ~ '^[+0-9][0-9 -]{5,20}$' THEN t END;
    END $$;
    CREATE FUNCTION hub_callback_phone(record text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
      RETURN CASE WHEN strpos(record, 'mauDihubungi') > 0 THEN hub_callback_phone_parse(record) END;
    CREATE INDEX submissions_callbacks ON submissions (received_at, id) WHERE hub_callback_phone(record) IS NOT NULL;
  `;
}
