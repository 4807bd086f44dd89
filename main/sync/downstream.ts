import type { CatalogueDocument, DeviceReport, StatusPage } from '../../shared/sync/protocol.js';
import type { Logger } from '../log.js';
import { openSignedCatalogue } from './catalogue-verify.js';
import { SyncError, type HubClient } from './client.js';
import type { KioskSyncDb } from './kiosk-db.js';
import { exchangeLetterKeys, type LetterKeyExchange } from './letter-keys.js';
import { pullSettings, type SettingsHooks } from './settings-down.js';

/**
 * The steps of a sync pass after the upload: the desa's own moves up, the hub's status changes
 * and catalogue down. Each returns how many requests it made (the engine counts round trips).
 */
const PAGE = 500;

/**
 * A pass for new data (a trickle: one submission every few seconds) sends it and skips the
 * pulls (statuses, catalogue, settings, letter keys: a signed GET each, ≈300 B up, more than a
 * record compressed with the dictionary) when they ran less than this long ago: the timer's pass
 * (every 60 s in the app) pulls anyway, so statuses come down at least that often.
 */
export const PULL_EVERY_MS = 60_000;

/** The desa's own moves, for submissions the hub already holds, oldest first; marked sent on the hub's answer. */
export async function pushStatusUpdates(hub: HubClient, k: KioskSyncDb, log: Logger): Promise<number> {
  let requests = 0;
  for (;;) {
    const due = k.statusOutbox.due(PAGE);
    if (due.length === 0) return requests;
    requests++;
    const ack = await hub.postStatusUpdates(due.map((d) => ({ seq: d.seq, id: d.submissionId, status: d.status, note: d.note, at: d.at })));
    // A refused one (the hub does not know the submission as this device's) would be refused again: log it and let it go.
    for (const r of ack.rejected) log.warn('hub refused a status update', { seq: r.seq, reason: r.reason });
    k.statusOutbox.markDelivered([...ack.applied, ...ack.rejected.map((r) => r.seq)], new Date().toISOString());
    if (due.length < PAGE) return requests;
  }
}

/** Status changes since the saved cursor, a page at a time; each page applied in one transaction with its cursor. */
export async function pullStatuses(
  hub: HubClient,
  k: KioskSyncDb,
  up: string,
  onChanged?: (ids: string[]) => void,
  report?: DeviceReport,
): Promise<{ requests: number; applied: number; settings: StatusPage['settings'] }> {
  const key = `cursor:${up}`;
  let cursor = k.sync.getState<number>(key) ?? 0;
  let applied = 0;
  let requests = 0;
  for (;;) {
    requests++;
    // The device's report rides on the first page only.
    const page = await hub.statusPage(cursor, PAGE, requests === 1 ? report : undefined);
    // "More" with a cursor that does not move would ask for the same page for ever (found by the issue 14 fuzz).
    // The dictionaries the hub decodes ride on the first page; a hub that names none (an older one) gets none.
    if (requests === 1) k.sync.setState(`dicts:${up}`, page.dictionaries ?? []);
    if (page.more && page.cursor <= cursor) throw new SyncError('busy', 'bad_reply', `hub status page says more but its cursor ${page.cursor} does not advance past ${cursor}`);
    const changed: string[] = [];
    k.transaction(() => {
      for (const it of page.items) {
        if (!k.submissions.get(it.id)) continue;
        k.submissions.setStatus(it.id, it.status, it.note, it.at, 'hub');
        changed.push(it.id);
      }
      k.sync.setState(key, page.cursor);
    });
    applied += changed.length;
    cursor = page.cursor;
    if (changed.length) onChanged?.(changed);
    if (!page.more) return { requests, applied, settings: page.settings };
  }
}

export interface CatalogueHooks {
  validateCatalogue?: (doc: unknown) => { ok: true } | { ok: false; error: string };
  onCatalogue?: (doc: CatalogueDocument) => void;
}

/** A newer catalogue, adopted only when the hub we enrolled with signed it and it validates; else the current one stays. */
export async function pullCatalogue(hub: HubClient, k: KioskSyncDb, up: string, log: Logger, o: CatalogueHooks): Promise<number> {
  if (!o.validateCatalogue && !o.onCatalogue) return 0;
  const current = k.sync.getState<{ version: number }>('catalogue');
  const reply = await hub.catalogue(current?.version ?? 0);
  if (reply === null) return 1;
  // Only what the hub we enrolled with signed: a tampered or foreign document is refused whole.
  const opened = openSignedCatalogue(reply, k.sync.getState(`hub-keys:${up}`));
  if (!opened.ok) {
    log.warn('hub catalogue refused (signature); keeping the current one', { upstream: up, error: opened.error });
    return 1;
  }
  const doc = opened.doc;
  const verdict = o.validateCatalogue?.(doc) ?? { ok: true as const };
  if (!verdict.ok) {
    log.warn('hub catalogue refused; keeping the current one', { error: verdict.error });
    return 1;
  }
  if (current && doc.version <= current.version) return 1;
  k.sync.setState('catalogue', doc);
  log.info('catalogue adopted', { version: doc.version });
  o.onCatalogue?.(doc);
  return 1;
}

/** The desk's status moves up, then the hub's come down (with this device's report riding on the page). */
export async function exchangeStatuses(hub: HubClient, k: KioskSyncDb, up: string, log: Logger, onChanged: ((ids: string[]) => void) | undefined, report: DeviceReport): Promise<{ requests: number; applied: number; settings: StatusPage['settings'] }> {
  const pushed = await pushStatusUpdates(hub, k, log);
  const pulled = await pullStatuses(hub, k, up, onChanged, report);
  return { ...pulled, requests: pulled.requests + pushed };
}

/** After the statuses: the catalogue, the settings the status page said are newer, the office's letter keys. Answers the requests made. */
export async function pullTheRest(hub: HubClient, k: KioskSyncDb, up: string, log: Logger, o: CatalogueHooks & SettingsHooks & { letterKeys?: LetterKeyExchange }, settings: StatusPage['settings']): Promise<number> {
  let requests = await pullCatalogue(hub, k, up, log, o);
  requests += await pullSettings(hub, k, up, log, o, settings);
  if (o.letterKeys) {
    requests += 2;
    await exchangeLetterKeys(hub, k.sync, o.letterKeys, up, log);
  }
  return requests;
}
