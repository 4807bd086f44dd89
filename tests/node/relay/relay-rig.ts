import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startHubServer, type HubServer } from '../../../main/hub/server.js';
import { startRelay, type RelayServer } from '../../../main/relay/server.js';
import type { Backend } from '../hub/backends.js';
import { quiet, rig, type Rig } from '../sync/harness.js';

/**
 * The in-process relay tests' setup: a sync rig (kiosk + hub), relays started on it, a hub
 * restarted on the same store and port, and whatever else a test opens, all closed after each
 * test. Call it inside a `describe`: it registers its own afterEach.
 */
export interface RelayRig {
  /** The running test's rig; throws before start(). */
  readonly r: Rig;
  start(hubOpts?: Parameters<typeof rig>[1]): Promise<Rig>;
  relay(upstream: string, name: string): Promise<RelayServer>;
  /** The hub back up on the rig's store and the port it had (after `r.hub.close()`). */
  restartHub(port: number): Promise<HubServer>;
  /** Closed after the test, before the relays. */
  track(close: () => void | Promise<void>): void;
}

export function relayRig(backend: Backend): RelayRig {
  let current: Rig | undefined;
  const relays: RelayServer[] = [];
  const hubs: HubServer[] = [];
  const closers: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
    for (const x of relays.splice(0)) await x.close();
    for (const h of hubs.splice(0)) await h.close();
    await current?.close();
    current = undefined;
  });
  const t: RelayRig = {
    get r(): Rig {
      if (!current) throw new Error('relayRig: start() first');
      return current;
    },
    async start(hubOpts) {
      current = await rig(backend, hubOpts);
      return current;
    },
    async relay(upstream, name) {
      const x = await startRelay({ db: join(t.r.dir, `${name}.sqlite`), upstream, port: 0, log: quiet, pollMs: 50 });
      relays.push(x);
      return x;
    },
    async restartHub(port) {
      const h = await startHubServer({ store: t.r.store, port, log: quiet, enrolment: 'open' });
      hubs.push(h);
      return h;
    },
    track(close) {
      closers.push(close);
    },
  };
  return t;
}
