import { randomBytes } from 'node:crypto';
import { hashEnrolmentCode } from '../../hub/server.js';
import { exportLine } from '../../sync/records.js';
import { SubmissionStatus } from '../../../shared/domain/submission.js';
import { parseOptions, UsageError, type Command } from '../command.js';
import { DB_HELP, withHubStore } from './hub-common.js';

export const hubCountCommand: Command = {
  name: 'hub count',
  summary: 'print the number of submissions stored at a hub',
  usage: `anjungan hub count [--db TARGET]\n\n  ${DB_HELP}`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const n = await withHubStore(values.db, (store) => store.count());
    process.stdout.write(`${n}\n`);
    return 0;
  },
};

export const hubExportCommand: Command = {
  name: 'hub export',
  summary: 'print every stored submission as JSONL (hub fields under _hub)',
  usage: `anjungan hub export [--db TARGET]\n\n  ${DB_HELP}\n\nOne line per submission, in id order: the record as sent, attachment bytes back as\ndata_b64, and the hub's own fields under "_hub".`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const out: string[] = [];
    const flush = async (): Promise<void> => {
      if (out.length === 0) return;
      const text = out.join('');
      out.length = 0;
      if (!process.stdout.write(text)) await new Promise((r) => process.stdout.once('drain', r));
    };
    await withHubStore(values.db, async (store) => {
      await store.exportAll((s) => {
        out.push(
          `${exportLine(s.text, s.attachment?.data ?? null, {
            deviceId: s.deviceId,
            batchId: s.batchId,
            receivedAt: s.receivedAt,
            status: s.status,
            updatedAt: s.updatedAt,
          })}\n`,
        );
      });
      await flush();
    });
    return 0;
  },
};

export const hubStatusCommand: Command = {
  name: 'hub status',
  summary: 'set a submission status at the hub: hub status set REGNO STATUS [--note TEXT]',
  usage: `anjungan hub status set REGNO STATUS [--note TEXT] [--db TARGET]

  REGNO    registration number (or submission id)
  STATUS   one of ${SubmissionStatus.options.join(', ')}
  --note   a note the resident sees with the status
  ${DB_HELP}

The kiosk that sent the submission picks the change up at its next sync.`,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { db: { type: 'string' }, note: { type: 'string' } }, true);
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    const [verb, key, status] = positionals;
    if (verb !== 'set' || !key || !status || positionals.length !== 3) throw new UsageError('expected: hub status set REGNO STATUS');
    const parsed = SubmissionStatus.safeParse(status);
    if (!parsed.success) throw new UsageError(`STATUS must be one of ${SubmissionStatus.options.join(', ')}`);
    const r = await withHubStore(values.db, (store) => store.setStatus(key, parsed.data, values.note ?? null, new Date().toISOString()));
    if (!r) {
      process.stderr.write(`anjungan hub status: no submission with registration number or id ${key}\n`);
      return 1;
    }
    process.stdout.write(`${r.id} ${parsed.data}\n`);
    return 0;
  },
};

export const hubEnrolCommand: Command = {
  name: 'hub enrol',
  summary: 'issue a one-time enrolment code for a new kiosk, or revoke a device',
  usage: `anjungan hub enrol [--label TEXT] [--hours H] [--db TARGET]
anjungan hub enrol --revoke DEVICE_ID [--db TARGET]

Prints a code the kiosk gives once (anjungan sync --enrolment-code CODE). Valid H hours (default 72).`,
  async run(argv) {
    const { values } = parseOptions(argv, { db: { type: 'string' }, label: { type: 'string' }, hours: { type: 'string' }, revoke: { type: 'string' } });
    if (values.help) {
      process.stdout.write(`${this.usage}\n`);
      return 0;
    }
    return withHubStore(values.db, async (store) => {
      if (values.revoke) {
        const ok = await store.revokeDevice(values.revoke, new Date().toISOString());
        process.stdout.write(ok ? `revoked ${values.revoke}\n` : `no active device ${values.revoke}\n`);
        return ok ? 0 : 1;
      }
      const hours = Number(values.hours ?? '72');
      if (!Number.isFinite(hours) || hours <= 0) throw new UsageError('--hours must be positive');
      const alphabet = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
      const code = [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('').replace(/(.{4})(?=.)/g, '$1-');
      const now = new Date();
      await store.addEnrolmentCode(hashEnrolmentCode(code), values.label ?? null, now.toISOString(), new Date(now.getTime() + hours * 3600_000).toISOString());
      process.stdout.write(`${code}\n`);
      return 0;
    });
  },
};
