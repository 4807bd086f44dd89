import type { WireAck } from '../../shared/sync/ack-compact.js';
import type { RunResult, SyncEngineOptions, SyncState, SyncStatus } from './engine-types.js';
import type { OpenBatch } from '../db/queries/sync.js';
import type { Logger } from '../log.js';
import { storageProblem } from '../db/storage-problem.js';
import { buildNextBatch, DEFAULT_BATCH_BYTES, dictionaryFor, framingFor } from './build.js';
import { HubClient, SyncError } from './client.js';
import type { Effort } from './codec.js';
import type { KioskSyncDb } from './kiosk-db.js';
import { deviceIdentity, type DeviceIdentity } from './keys.js';
import { PULL_EVERY_MS } from './downstream.js';
import { afterUpload, besideUpload, deviceReport, statusesBothWays, type PassDown, type StatusesPulled } from './pass-down.js';
import { LinkBook } from './link-book.js';
import { PassScheduler } from './pass-scheduler.js';
import { backoffMs, localError, passesUntilDone, refusedWhole, sleep } from './engine-retry.js';
import { backlogEta, isConstrained, isThin } from './link-plan.js';
import type { SyncLink } from '../../shared/sync/links.js';
import { applyBatchAck } from './ack-apply.js';
import { rttRecorder } from './link-profile.js';
import { enrolAndChooseEffort } from './first-contact.js';
import { shippedDictionaries } from './dictionaries.js';
import { ProgressMeter } from './progress-meter.js';

export type { CatalogueValidator, RunResult, SyncEngineOptions, SyncProgress, SyncState, SyncStatus } from './engine-types.js';

const STATE_LAST_SUCCESS = 'last_success_at';

/**
 * The kiosk's store-and-forward pump. One pass (`runOnce`): finish any batch already built
 * (resuming where the hub's copy ends), build and send new ones until nothing is due, then pull
 * status changes and the catalogue, on the best of the office's links (main/sync/link-book.ts).
 * `PassScheduler` runs one pass at a time, debounced on new data, on a timer, and after
 * failures with capped exponential backoff and jitter.
 */
export class SyncEngine {
  private readonly k: KioskSyncDb;
  private readonly log: Logger;
  private id: DeviceIdentity | null = null;
  private readonly clients = new Map<string, HubClient>();
  private readonly book: LinkBook;
  /** The link of the pass in progress (or the last one). */
  private link: SyncLink | null = null;
  /** Wire bytes of a batch the link's budget could not carry in this pass. */
  private heldBytes = 0;
  private state: SyncState;
  private lastError: SyncStatus['lastError'] = null;
  private failures = 0;
  private readonly schedule: PassScheduler<RunResult>;
  private splitLimit = Infinity;
  private readonly fresh = new Set<string>();
  private readonly meter: ProgressMeter;
  /** A pass is due for new data only (engine.trigger), not a timer's or an operator's. */
  private forData = false;
  /** When the pulls last ran (performance.now()); 0 = never in this process. */
  private pulledAt = 0;
  readonly counters = { requests: 0, bytesUp: 0, bodyBytes: 0, batches: 0, resumes: 0 };

  constructor(private readonly o: SyncEngineOptions) {
    this.k = o.kiosk;
    this.log = o.log;
    this.meter = new ProgressMeter(o.onProgress, () => this.state);
    this.book = new LinkBook(this.k.sync, () => this.linkList(), o.now ?? (() => new Date()));
    this.state = this.linkList().length ? 'idle' : 'disabled';
    this.schedule = new PassScheduler({
      pass: () => this.runOnce({ light: this.takeDataFlag() }),
      failed: (err) => this.noteFailure(err),
      // Held at a relay: ask again for the hub's ack a little later.
      pollAfter: () => (this.k.sync.counts().atRelay > 0 ? (o.relayPollMs ?? 3000) : null),
      debounceMs: o.debounceMs ?? 1500,
      intervalMs: o.intervalMs ?? 60_000,
      ...(o.timers ? { timers: o.timers } : {}),
    });
  }

  /** The primary upstream (the first link): updates and USB sticks are addressed to its hub. */
  get upstream(): string | null {
    return this.o.upstream ?? this.linkList()[0]?.url ?? null;
  }

  /** The office's links in order; with none configured, the one upstream. */
  private linkList(): readonly SyncLink[] {
    const ls = this.o.links?.() ?? [];
    if (ls.length) return ls;
    return this.o.upstream ? [{ name: 'hub', url: this.o.upstream, dailyBudgetBytes: null, windows: [] }] : [];
  }

  status(): SyncStatus {
    const links = this.book.statuses(); // read once: each call reads sync_state for every link
    return {
      backlog: this.k.sync.backlog(),
      atRelay: this.k.sync.counts().atRelay,
      parked: this.k.sync.parkedCount(),
      lastSuccessAt: this.k.sync.getState<string>(STATE_LAST_SUCCESS) ?? null,
      lastError: this.lastError,
      state: this.state,
      upstream: this.link?.url ?? this.upstream,
      link: this.link?.name ?? null,
      links,
      ...backlogEta(this.k.sync.backlogBytes(), links, this.link?.name ?? null),
    };
  }

  private identity(): DeviceIdentity {
    return (this.id ??= deviceIdentity(this.k.deviceId, this.k.sync));
  }

  private hub(url: string): HubClient {
    let c = this.clients.get(url);
    if (!c) this.clients.set(url, (c = new HubClient(url, this.identity(), this.o.stallTimeoutMs ?? 30_000, { compactAcks: this.o.compactAcks ?? true, onRtt: rttRecorder(this.k.sync, url) })));
    return c;
  }

  private setState(s: SyncState): void {
    if (this.state === s) return;
    this.state = s;
    this.meter.emit(true);
  }

  /**
   * One pass on the best link that is up and allowed; when that link fails or its budget runs
   * out, the pass goes on over the next one. Throws SyncError when no link could finish it (the
   * scheduler retries).
   */
  async runOnce(o: { light?: boolean } = {}): Promise<RunResult> {
    if (!this.linkList().length) throw new SyncError('rejected', 'disabled', 'sync is disabled (no upstream hub)');
    const tried = new Set<string>();
    for (;;) {
      const link = this.book.choose(0, tried);
      if (!link) throw this.book.noneError(tried.size > 0);
      tried.add(link.name);
      this.link = link;
      const hub = this.hub(link.url);
      const start = hub.bytesMoved;
      this.book.use(link.name, () => hub.bytesMoved - start);
      this.heldBytes = 0;
      try {
        const r = await this.passOn(link, hub, o.light ?? false);
        this.book.markUp(link.name);
        if (this.heldBytes > 0) {
          this.book.hold(link.name, this.heldBytes);
          throw new SyncError('busy', 'over_budget', `link ${link.name} has no budget left today for the next ${this.heldBytes} bytes`);
        }
        if (this.k.sync.backlog() === 0) this.book.releaseHolds();
        return r;
      } catch (err) {
        if (!(err instanceof SyncError) || (err.kind !== 'network' && err.code !== 'over_budget')) throw err;
        if (err.kind === 'network') this.book.markDown(link.name);
        const next = this.book.choose(this.heldBytes, tried);
        if (!next) throw err;
        this.log.info('link failed, going on over the next', { from: link.name, to: next.name, code: err.code });
      } finally {
        this.book.release();
      }
    }
  }

  private takeDataFlag(): boolean {
    const f = this.forData;
    this.forData = false;
    return f;
  }

  private async passOn(link: SyncLink, hub: HubClient, light: boolean): Promise<RunResult> {
    const up = link.url;
    const result: RunResult = { delivered: 0, parked: 0, statuses: 0, batches: 0, requests: 0 };
    const req0 = this.counters.requests;
    this.setState('sending');
    const started = performance.now();
    const bytesAtStart = this.counters.bytesUp;
    this.meter.start(this.k.sync.backlog());

    // The hub's dictionaries as the pass begins (the status page beside the upload may bring a newer list: the next pass's).
    const hubDicts = this.k.sync.getState<string[]>(`dicts:${up}`) ?? null;
    // A fresh device's first batch, built while the enrolment travels, goes up beside it (not on a metered or windowed link: statuses first there).
    const sendEarly = isConstrained(link) ? null : (b: OpenBatch, enrolled: Promise<number>): Promise<void> => this.upload(hub, b, result, enrolled, true);
    const first = await enrolAndChooseEffort({ hub, k: this.k, up, log: this.log, o: this.o, build: (e, signal) => this.buildBatch(e, isThin(link, null) ? 'text' : 'any', up, hubDicts, signal), sendEarly });
    this.counters.requests += first.requests;
    if (first.prebuilt && !first.early) this.fresh.add(first.prebuilt); // nothing of it reached the hub yet: no state to ask for
    // A thin link carries requests without attachments (oldest first) before attachments; a metered or windowed one statuses before both.
    const thin = isThin(link, this.k.sync.getState<{ bytesPerSecond: number }>(`link:${up}`)?.bytesPerSecond ?? null);
    const down: PassDown = { hub, k: this.k, up, log: this.log, o: this.o };
    // New data on a link whose pulls ran lately: only the upload (and what waits to go up).
    const skipPulls = light && this.pulledAt > 0 && performance.now() - this.pulledAt < PULL_EVERY_MS;
    let pulled: StatusesPulled | null = null;
    if (isConstrained(link) && !skipPulls) {
      this.meter.phase('status');
      pulled = await statusesBothWays(down, deviceReport(this.k.sync.backlog(), this.o.appVersion));
      this.counters.requests += pulled.requests;
    }
    // Elsewhere the statuses and the rest go beside the upload; the report then gives the backlog this pass leaves.
    const leaves = this.k.sync.backlog() - this.k.sync.toSendCount(new Date().toISOString());
    const beside = !pulled && !skipPulls ? besideUpload(down, deviceReport(leaves, this.o.appVersion)) : null;

    try {
      await first.early;
      for (const b of this.k.sync.openBatches()) if (!first.early || b.batch_id !== first.prebuilt) await this.upload(hub, b, result);
      for (const only of thin ? (['text', 'any'] as const) : (['any'] as const)) await this.sendNew(hub, () => this.buildBatch(first.effort, only, up, hubDicts), result);
    } finally {
      await beside; // never rejects; settled before the pass ends either way
    }
    const secs = (performance.now() - started) / 1000;
    const sent = this.counters.bytesUp - bytesAtStart;
    const rate = sent > 32 * 1024 && secs > 0 ? { bytesPerSecond: Math.round(sent / secs), at: new Date().toISOString() } : null;
    const after = await afterUpload(down, beside, skipPulls, pulled);
    this.counters.requests += after.requests;
    if (after.error) {
      if (rate) this.k.sync.setState(`link:${up}`, rate); // the upload's rate, measured, though the pulls failed
      throw after.error;
    }
    pulled = after.pulled;
    result.statuses = pulled?.applied ?? 0;
    if (pulled) this.pulledAt = performance.now();
    this.splitLimit = Infinity;
    // The pass's bookkeeping in one commit, one fsync between the last ack and the exit, not three (runOnce's release is then a no-op).
    this.k.transaction(() => {
      if (rate) this.k.sync.setState(`link:${up}`, rate);
      this.k.sync.setState(STATE_LAST_SUCCESS, new Date().toISOString());
      this.book.release(); // this link's bytes today
    });
    this.lastError = null;
    this.failures = 0;
    result.requests = this.counters.requests - req0;
    this.meter.phase('done', false);
    this.setState('idle');
    this.meter.emit(true);
    return result;
  }

  /**
   * Builds and sends new batches until nothing is due or the link's budget stops it. The next
   * batch is built while this one travels and the hub stores it (its compression runs off the
   * event loop): the kiosk's work and the hub's overlap instead of taking turns.
   */
  private async sendNew(hub: HubClient, build: () => Promise<OpenBatch | null>, result: RunResult): Promise<void> {
    let next = this.heldBytes > 0 ? null : build();
    try {
      for (let b = await next; b && this.heldBytes === 0; b = await next) {
        this.fresh.add(b.batch_id);
        const sending = this.upload(hub, b, result);
        next = build();
        await sending;
        // Built while b travelled; if nothing was due then, something may be now (b refused and put back, or new data).
        next = next.then((n) => n ?? build());
      }
    } finally {
      await next?.catch(() => null); // an unsent one stays an open batch: the next pass resumes it
    }
  }

  private async buildBatch(effort: Effort, only: 'text' | 'any', up: string, hubDicts: readonly string[] | null, signal?: AbortSignal): Promise<OpenBatch | null> {
    const dictionary = dictionaryFor(this.k.sync, up, this.o.dictionaries ?? shippedDictionaries(), Date.now(), hubDicts);
    const b = await buildNextBatch(this.k.sync, this.k.deviceId, effort, this.o.maxBatchBytes ?? DEFAULT_BATCH_BYTES, this.splitLimit, only, dictionary, framingFor(this.k.sync, up), signal);
    if (b) this.log.debug('batch built', { batchId: b.batch_id, records: b.records, raw: b.raw_bytes, wire: b.body.length, effort, dictionary: dictionary?.id ?? null });
    return b;
  }

  /** Sends one batch to the end, resuming after cuts; applies the ack in one transaction (once `enrolled` settled: the hub's key). */
  private async upload(hub: HubClient, b: OpenBatch, result: RunResult, enrolled: Promise<unknown> | null = null, fresh = false): Promise<void> {
    const apply = async (ack: WireAck): Promise<void> => {
      // Not retried here: the batch stays open, a later pass asks the hub for its ack (the pass raises the enrolment's error).
      await enrolled?.catch(() => Promise.reject(new SyncError('busy', 'not_enrolled', `ack for batch ${b.batch_id} kept for later: the enrolment did not answer`)));
      this.applied(b, ack, result);
    };
    let offset = 0;
    let needState = !this.fresh.delete(b.batch_id) && !fresh;
    let quick = 0;
    let mismatches = 0;
    this.meter.batch(b.body.length);
    this.counters.bodyBytes += b.body.length;
    let counted = 0;
    for (;;) {
      try {
        if (needState) {
          this.counters.requests++;
          const st = await hub.batchState(b.batch_id);
          needState = false;
          if (st.committed && st.ack) return await apply(st.ack);
          if (st.atRelay) return this.k.sync.markAtRelay(b.batch_id, st.atRelay.relayId, st.atRelay.at);
          // A relay that held it no longer does (lost, or refused upstream): send it again.
          if (this.k.sync.isAtRelay(b.batch_id)) this.k.sync.clearRelay(b.batch_id);
          if (st.received > offset) quick = 0;
          offset = st.received;
          if (offset > 0) this.counters.resumes++;
        }
        if (this.link && !this.book.fits(this.link, b.body.length - offset)) {
          // Not today on this link: the batch stays whole (built bytes) for the next link or day.
          this.heldBytes = b.body.length - offset;
          return;
        }
        this.counters.requests++;
        const sentBefore = counted;
        const t0 = performance.now();
        const res = await hub.putBatch(b.batch_id, b.body, b.digest, offset, (n) => {
          this.counters.bytesUp += n;
          counted += n;
          const secs = (performance.now() - t0) / 1000;
          this.meter.sent(n, secs > 0.2 ? (counted - sentBefore) / secs : null);
        }, this.k.sync.getState<{ bytesPerSecond: number }>(`link:${hub.url}`)?.bytesPerSecond);
        if ('batchId' in res) return await apply(res);
        if (res.atRelay) {
          this.k.sync.markAtRelay(b.batch_id, res.atRelay.relayId, res.atRelay.at);
          this.o.onChanged?.(this.k.sync.members(b.batch_id));
          return;
        }
        offset = res.received;
      } catch (err) {
        if (!(err instanceof SyncError)) throw err;
        if (err.code === 'bad_offset' && err.received !== null) {
          offset = err.received;
          continue;
        }
        if (err.code === 'digest_mismatch') {
          if (++mismatches > 2) {
            this.k.sync.dropBatch(b.batch_id);
            throw err;
          }
          offset = 0;
          continue;
        }
        if (err.kind === 'network' && quick < 4 && err.code !== 'ECONNREFUSED') {
          // A cut: ask the hub what it kept and send only the rest (a refused connection: nobody listens, the pass ends).
          quick++;
          needState = true;
          await sleep(Math.min(2000, 100 * 2 ** quick) * (0.5 + Math.random() / 2));
          continue;
        }
        if (err.kind === 'rejected') {
          const r = refusedWhole(this.k.sync, b, err, hub.url, this.log);
          result.parked += r.parked;
          if (r.splitTo !== null) this.splitLimit = r.splitTo;
          return;
        }
        if (err.kind === 'auth' && err.code === 'unknown_device') this.k.sync.setState(`enrolled:${hub.url}`, false);
        throw err;
      }
    }
  }

  private applied(b: OpenBatch, wire: WireAck, result: RunResult): void {
    const up = this.link?.url ?? this.upstream;
    const { ack, delivered, parked } = applyBatchAck(this.k, up, b, wire, () => up && this.clients.get(up)?.preferFullAck(b.batch_id));
    result.delivered += delivered;
    result.parked += parked;
    result.batches++;
    this.counters.batches++;
    this.meter.answered(delivered + parked);
    if (ack.rejected.length) this.log.warn('hub rejected submissions', { batchId: b.batch_id, rejected: ack.rejected.slice(0, 10) });
    this.o.onChanged?.([...ack.accepted, ...ack.duplicate, ...ack.rejected.map((x) => x.id)]);
  }

  private noteFailure(err: unknown): number {
    this.failures++;
    const e = err instanceof SyncError ? err : localError(err, this.o.storageProblemOf ?? storageProblem);
    this.lastError = { kind: e.kind, code: e.code, message: e.message, at: new Date().toISOString() };
    this.setState(e.kind === 'network' ? 'offline' : 'backoff');
    const delay = e.kind === 'auth' ? this.o.backoffMaxMs ?? 5 * 60_000 : backoffMs(err, this.failures, this.o.backoffBaseMs ?? 1000, this.o.backoffMaxMs ?? 5 * 60_000);
    this.log.warn('sync failed', { kind: e.kind, code: e.code, error: e.message, retryInMs: delay });
    return delay;
  }

  /**
   * For `anjungan sync`: passes until everything due is acknowledged, retrying what can recover
   * until the deadline. ok=false when time ran out or the failure needs a person.
   */
  syncUntilDone(deadlineMs: number): ReturnType<typeof passesUntilDone> {
    return passesUntilDone(deadlineMs, {
      pass: () => this.runOnce(),
      failed: (err) => this.noteFailure(err),
      lastError: () => this.lastError,
      backlog: () => this.k.sync.backlog(),
      atRelay: () => this.k.sync.counts().atRelay,
      relayPollMs: this.o.relayPollMs ?? 300,
    });
  }

  /** Starts the scheduler: a pass now, on trigger (debounced), every intervalMs, and after backoff. */
  start(): void {
    if (this.linkList().length) this.schedule.start();
  }

  /** New data or an operator's "send now": a pass after the debounce (one pass at a time). */
  trigger(delayMs?: number): void {
    this.forData = true;
    this.schedule.trigger(delayMs);
  }

  /** Runs a pass now (waiting for one in progress first) and returns the status after it. */
  async syncNow(): Promise<SyncStatus> {
    this.forData = false; // an operator's pass pulls too
    if (this.linkList().length) await this.schedule.now();
    return this.status();
  }

  async stop(): Promise<void> {
    await this.schedule.stop();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }
}
