import type { Migration } from '../migration.js';

/**
 * One request model (shared/domain/request.ts): a kiosk submission's payload becomes the whole
 * request, with the queue number and the consent that migration 0040 kept beside it in
 * kiosk_submission, so the hub record carries all of it. Payloads of the old shape
 * ({pemohon, jawaban, persyaratanDibawa}) are rewritten; anything else (imported records) is
 * left as it was. Then kiosk_submission goes: the payload is the one place for these facts.
 */
export const migration0050: Migration = {
  version: 50,
  name: 'request-model',
  up(db) {
    db.exec(`
      UPDATE submissions SET payload = json_object(
        'applicant', json(json_extract(payload, '$.pemohon')),
        'answers', json(coalesce(json_extract(payload, '$.jawaban'), '{}')),
        'requirementsChecked', json(coalesce(json_extract(payload, '$.persyaratanDibawa'), '[]')),
        'consent', json_object('accepted', json('true'), 'statementVersion', k.consent_version, 'at', k.consent_at),
        'channel', 'kiosk',
        'operator', json('null'),
        'queueNo', k.queue_no
      )
      FROM kiosk_submission AS k
      WHERE k.submission_id = submissions.id AND json_type(submissions.payload, '$.pemohon') = 'object';

      DROP TABLE kiosk_submission;
    `);
  },
};
