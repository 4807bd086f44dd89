import type { BatchAck, StatusPage, StatusUpdatesAck } from '../../shared/sync/protocol.js';
import { hubIdentity, newHubKeys, type HubIdentity } from './hub-identity.js';
import { releaseRules } from './releases.js';
import { hubConsole } from './console/index.js';
import { hubSkm } from './skm/index.js';
import { hubSettings } from './settings/index.js';
import { hubQueue } from './queue/index.js';
import type { DeviceRow, HubBackend, HubQueries, LetterKeyRow, NewSubmissionRow, SubmissionRow } from './backend.js';
import {
  BatchIdReusedError,
  OffsetError,
  type CommitInput,
  type EnrolOutcome,
  type HubDevice,
  type HubLetterKey,
  type HubStore,
  type IncomingRecord,
  type StoredSubmission,
} from './store.js';

/** Submissions read per query by exportAll. */
const EXPORT_PAGE = 500;
const CONFLICT = 'conflict: the hub already holds a different submission with this id';

/**
 * The hub's rules, written once for both backends: what a commit accepts, what an enrolment
 * answers, when an upload offset is refused, how status pages are cut. The backend only runs
 * the SQL (main/hub/backend.ts).
 */
export function createHubStore(backend: HubBackend): HubStore {
  const run = backend.run.bind(backend);
  const transaction = backend.transaction.bind(backend);
  let identity: HubIdentity | null = null;
  return {
    kind: backend.dialect.kind,
    releases: releaseRules(backend),
    console: hubConsole(backend),
    skm: hubSkm(backend),
    settings: hubSettings(backend),
    queue: hubQueue(backend),

    async hubIdentity() {
      // Kept once read: the pair is never replaced (every signed ack asked for it, and imported its keys, again).
      if (identity) return identity;
      // The first start makes the pair; a concurrent start keeps the first one written.
      const held = await run((q) => q.selectHubKeys());
      if (held) return (identity = hubIdentity(held));
      await transaction((q) => q.insertHubKeys(newHubKeys(new Date().toISOString())));
      return (identity = hubIdentity((await run((q) => q.selectHubKeys()))!));
    },
    async getDevice(id) {
      const row = await run((q) => q.selectDevice(id));
      return row ? toDevice(row) : null;
    },
    async enrolDevice(id, publicKey, label, codeHash, at): Promise<EnrolOutcome> {
      return transaction(async (q) => {
        const existing = await q.lockDevice(id);
        if (existing) {
          if (existing.revoked_at !== null) return 'revoked';
          return existing.public_key.equals(publicKey) ? 'already' : 'key_mismatch';
        }
        if (codeHash !== null && !(await q.consumeEnrolmentCode(codeHash, id, at))) return 'code_invalid';
        // Not inserted: another enrolment of this id won the race a moment ago.
        return (await q.insertDevice(id, publicKey, label, at)) ? 'enrolled' : 'already';
      });
    },
    async revokeDevice(id, at) {
      return run((q) => q.revokeDevice(id, at));
    },
    async addEnrolmentCode(codeHash, label, at, expiresAt) {
      await run((q) => q.insertEnrolmentCode(codeHash, label, at, expiresAt));
    },

    async getStaging(batchId) {
      const row = await run((q) => q.selectStaging(batchId));
      return row ? { batchId: row.batch_id, deviceId: row.device_id, total: row.total, digest: row.digest, received: row.received } : null;
    },
    async startStaging(info, at) {
      await run((q) => q.insertStaging({ batch_id: info.batchId, device_id: info.deviceId, total: info.total, digest: info.digest }, at));
    },
    async appendStaging(batchId, offset, data) {
      return transaction(async (q) => {
        const received = await q.lockStaging(batchId);
        if (received === null) throw new OffsetError(0);
        if (received !== offset) throw new OffsetError(received);
        await q.insertChunk(batchId, offset, data);
        await q.updateReceived(batchId, offset + data.length);
        return offset + data.length;
      });
    },
    async readStaging(batchId) {
      return Buffer.concat(await run((q) => q.stagingChunks(batchId)));
    },
    async dropStaging(batchId) {
      await transaction((q) => q.deleteStaging(batchId));
    },
    async dropStaleStaging(before) {
      const ids = await run((q) => q.stagingStartedBefore(before));
      for (const id of ids) await transaction((q) => q.deleteStaging(id));
      return ids.length;
    },

    async getBatch(batchId) {
      const row = await run((q) => q.selectBatch(batchId));
      return row ? { deviceId: row.device_id, digest: row.digest, ack: JSON.parse(row.ack) as BatchAck } : null;
    },
    async carriage(batchId) {
      const row = await run((q) => q.selectCarriage(batchId));
      return row ? { relayId: row.relay_id, receivedAt: row.received_at } : null;
    },
    async commitBatch(input) {
      return transaction(async (q) => {
        // Serialises commits of the same batch id (several hub processes may share a database).
        await q.lockBatchId(input.batchId);
        const prior = await q.selectBatch(input.batchId);
        if (prior) {
          if (prior.digest !== input.digest || prior.device_id !== input.deviceId) throw new BatchIdReusedError(input.batchId);
          return { ...(JSON.parse(prior.ack) as BatchAck), replayed: true };
        }
        const { storable, refused } = await refuseClashes(q, input.records);
        const inserted = new Set(await q.insertSubmissions(storable.map((r) => newRow(input, r)), input.at));
        const accepted: IncomingRecord[] = [];
        const others: IncomingRecord[] = [];
        // Only an id's first record counts as inserted; a later one is held by then.
        for (const r of storable) (inserted.delete(r.id) ? accepted : others).push(r);
        const held = others.length ? await q.submissionHashes(others.map((r) => r.id)) : new Map<string, string>();
        const ack: BatchAck = { batchId: input.batchId, accepted: accepted.map((r) => r.id), duplicate: [], rejected: [...input.invalid, ...refused] };
        for (const r of others) {
          if (held.get(r.id) === r.hash) ack.duplicate.push(r.id);
          else ack.rejected.push({ id: r.id, reason: CONFLICT });
        }
        for (const r of accepted) if (r.attachment) await q.insertAttachment(r.id, r.attachment);
        if (ack.accepted.length) for (const adapter of input.forwardTo) await q.insertForwards(ack.accepted, adapter, input.at);
        // A stick is 'usb' even when a relay carried its files up (which relay: relay_carriage).
        const channel = input.channel === 'usb' ? 'usb' : input.carrier ? 'relay' : 'http';
        await q.insertBatch(input.batchId, { device_id: input.deviceId, digest: input.digest, ack: JSON.stringify(ack) }, input.at, channel);
        if (input.carrier) await q.insertCarriage(input.batchId, input.carrier, input.at);
        await q.deleteStaging(input.batchId);
        return ack;
      });
    },

    async setStatus(key, status, note, at) {
      return transaction(async (q) => {
        // The key is a submission id first, a registration number otherwise.
        const owner = (await q.findSubmissionById(key)) ?? (await q.findSubmissionByRegistrationNo(key));
        if (!owner) return null;
        await q.updateStatus(owner.id, status, at);
        await q.insertStatusEvent(owner, status, note, at);
        return { id: owner.id };
      });
    },
    async applyDeviceStatuses(deviceId, items): Promise<StatusUpdatesAck> {
      return transaction(async (q) => {
        const ack: StatusUpdatesAck = { applied: [], rejected: [] };
        for (const it of items) {
          if (await q.hasOriginEvent(deviceId, it.seq)) {
            ack.applied.push(it.seq);
            continue;
          }
          const owner = await q.findSubmissionById(it.id);
          if (!owner || owner.device_id !== deviceId) {
            ack.rejected.push({ seq: it.seq, reason: owner ? 'the submission belongs to another device' : 'no such submission at the hub' });
            continue;
          }
          await q.updateStatus(owner.id, it.status, it.at);
          await q.insertStatusEvent(owner, it.status, it.note, it.at, { device: deviceId, seq: it.seq });
          ack.applied.push(it.seq);
        }
        return ack;
      });
    },
    async statusSince(deviceId, since, limit): Promise<StatusPage> {
      // One row more than asked tells whether there is more.
      const rows = await run((q) => q.statusEvents(deviceId, since, limit + 1));
      const items = rows.slice(0, limit).map((r) => ({ seq: r.seq, id: r.submission_id, status: r.status, note: r.note, at: r.at }));
      return { items, cursor: items.at(-1)?.seq ?? since, more: rows.length > limit };
    },
    async count() {
      return run((q) => q.countSubmissions());
    },
    async exportAll(onRow) {
      for (let after = ''; ; ) {
        const rows = await run((q) => q.submissionsAfter(after, EXPORT_PAGE));
        for (const r of rows) onRow(toStored(r));
        if (rows.length < EXPORT_PAGE) return;
        after = rows.at(-1)!.id;
      }
    },
    async getSubmission(id) {
      const row = await run((q) => q.selectSubmission(id));
      return row ? toStored(row) : null;
    },

    async dueForwards(now, limit) {
      const rows = await run((q) => q.dueForwards(now, limit));
      return rows.map((r) => ({ seq: r.seq, submissionId: r.submission_id, adapter: r.adapter, attempts: r.attempts }));
    },
    async finishForward(seq, outcome) {
      await run((q) => {
        if (outcome.ok) return q.markForwardDelivered(seq, outcome.at);
        // No next attempt: the adapter gave up on this one.
        return outcome.nextAt ? q.markForwardRetry(seq, outcome.error, outcome.nextAt) : q.markForwardFailed(seq, outcome.error);
      });
    },
    async putLetterKey(k, at) {
      return transaction(async (q) => {
        const row: LetterKeyRow = { office_code: k.officeCode, key_id: k.keyId, device_id: k.deviceId, public_key: k.publicKey };
        if (await q.insertLetterKey(row, at)) return 'stored';
        // Held: the same device publishing the same key again is harmless; anything else is refused.
        const held = await q.selectLetterKey(k.officeCode, k.keyId);
        return held && held.device_id === k.deviceId && held.public_key.equals(k.publicKey) ? 'already' : 'conflict';
      });
    },
    async letterKey(officeCode, keyId) {
      const row = await run((q) => q.selectLetterKey(officeCode, keyId));
      return row ? toLetterKey(row) : null;
    },
    async letterKeys(officeCode, limit) {
      return (await run((q) => q.letterKeysOfOffice(officeCode, limit))).map(toLetterKey);
    },
    async close() {
      await backend.close();
    },
  };
}

function newRow(input: CommitInput, r: IncomingRecord): NewSubmissionRow {
  return { id: r.id, device_id: input.deviceId, batch_id: input.batchId, registration_no: r.registrationNo, record: r.text, hash: r.hash };
}

function toLetterKey(r: LetterKeyRow): HubLetterKey {
  return { officeCode: r.office_code, keyId: r.key_id, deviceId: r.device_id, publicKey: r.public_key };
}

function toDevice(r: DeviceRow): HubDevice {
  return { id: r.device_id, publicKey: r.public_key, label: r.label, revoked: r.revoked_at !== null };
}

function toStored(r: SubmissionRow): StoredSubmission {
  return {
    id: r.id,
    text: r.record,
    deviceId: r.device_id,
    batchId: r.batch_id,
    registrationNo: r.registration_no,
    status: r.status,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    attachment: r.data ? { name: r.name, contentType: r.content_type, data: r.data } : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Records the hub must refuse one by one, on both backends alike: a UUID already held in another
 * letter case (one request, two ids), and a registration number another submission holds (the
 * number names one request at the kabupaten). The first of a batch wins within the batch.
 */
async function refuseClashes(q: HubQueries, records: IncomingRecord[]): Promise<{ storable: IncomingRecord[]; refused: { id: string; reason: string }[] }> {
  const uuids = records.filter((r) => UUID.test(r.id)).map((r) => r.id.toLowerCase());
  const byLower = uuids.length ? await q.idsByLowerCase([...new Set(uuids)]) : new Map<string, string>();
  const numbers = records.map((r) => r.registrationNo).filter((n): n is string => n !== null);
  const holders = numbers.length ? await q.holdersOfRegistrationNos([...new Set(numbers)]) : new Map<string, string>();
  const storable: IncomingRecord[] = [];
  const refused: { id: string; reason: string }[] = [];
  const lowerSeen = new Map<string, string>();
  const numberSeen = new Map<string, string>();
  for (const r of records) {
    if (UUID.test(r.id)) {
      const l = r.id.toLowerCase();
      const twin = byLower.get(l) ?? lowerSeen.get(l);
      if (twin !== undefined && twin !== r.id) {
        refused.push({ id: r.id, reason: `conflict: the hub holds this submission as ${twin} (the same UUID in another letter case)` });
        continue;
      }
      lowerSeen.set(l, r.id);
    }
    if (r.registrationNo !== null) {
      const holder = holders.get(r.registrationNo) ?? numberSeen.get(r.registrationNo);
      if (holder !== undefined && holder !== r.id) {
        refused.push({ id: r.id, reason: `conflict: registration number ${r.registrationNo} is held by another submission` });
        continue;
      }
      numberSeen.set(r.registrationNo, r.id);
    }
    storable.push(r);
  }
  return { storable, refused };
}
