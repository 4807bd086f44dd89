import { verify } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { ed25519PublicKey } from '../../../main/hub/server.js';
import { BACKENDS } from './backends.js';
import { rig, type Rig } from '../sync/harness.js';

for (const backend of BACKENDS) {
  describe(`the hub's own keys (${backend.name})`, () => {
    let r: Rig | undefined;
    afterEach(async () => {
      await r?.close();
      r = undefined;
    });

    it('are made once and kept; a device learns them at enrolment; what the hub signs verifies with them', async () => {
      r = await rig(backend);
      const a = await r.store.hubIdentity();
      const b = await r.store.hubIdentity();
      expect(a.signingKey).toBe(b.signingKey);
      expect(Buffer.from(a.signingKey, 'base64')).toHaveLength(32);
      expect(Buffer.from(a.boxKey, 'base64')).toHaveLength(32);
      expect(a.boxKey).not.toBe(a.signingKey);
      r.importLines([JSON.stringify({ id: 'x-1', n: 1 })]);
      await r.engine().runOnce();
      expect(r.kiosk.sync.getState(`hub-keys:${r.hub.url}`)).toEqual({ signingKey: a.signingKey, boxKey: a.boxKey });
      const sig = a.sign('katalog v2');
      expect(verify(null, Buffer.from('katalog v2'), ed25519PublicKey(Buffer.from(a.signingKey, 'base64')), sig)).toBe(true);
      expect(verify(null, Buffer.from('katalog v3'), ed25519PublicKey(Buffer.from(a.signingKey, 'base64')), sig)).toBe(false);
    });
  });
}
