import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../main/log.js';
import { catalogueSigningText, type CatalogueDocument, type SignedCatalogue } from '../../../shared/sync/protocol.js';
import { tamperingProxy, type Tamper } from '../../helpers/tampering-proxy.js';
import { BACKENDS } from '../hub/backends.js';
import { rig, type Rig } from './harness.js';

const service = (title: string) => ({ id: 'surat-hub', title });

for (const backend of BACKENDS) {
  describe(`signed catalogue (${backend.name})`, () => {
    let r: Rig | undefined;
    let proxy: Server | undefined;
    afterEach(async () => {
      await r?.close();
      await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
      r = undefined;
      proxy = undefined;
    });

    it('adopts a document the enrolled hub signed, and refuses a tampered or foreign-signed one, keeping the old', async () => {
      const holder = { file: '' };
      r = await rig(backend, { catalogueFile: (holder.file = join(process.env['TMPDIR'] ?? '/tmp', `cat-${Date.now()}-${Math.random()}.json`)) });
      const write = (doc: CatalogueDocument) => writeFileSync(holder.file, JSON.stringify(doc));
      write({ version: 2, services: [service('Asli')] });
      const tamper: { fn: Tamper | null } = { fn: null };
      const p = await tamperingProxy(r.hub.url, tamper);
      proxy = p.server;
      const lines: string[] = [];
      const log = createLogger('test', (line) => lines.push(line));
      const adopted: CatalogueDocument[] = [];
      const engine = r.engine({ upstream: p.url, log, onCatalogue: (d) => adopted.push(d) });

      await engine.runOnce();
      expect(adopted.map((d) => d.version)).toEqual([2]);
      expect(r.kiosk.sync.getState<CatalogueDocument>('catalogue')?.services).toEqual([service('Asli')]);

      // The same signature over an altered document.
      write({ version: 3, services: [service('Asli v3')] });
      tamper.fn = (s) => ({ ...s, document: s.document.replace('Asli v3', 'Palsu') });
      await engine.runOnce();
      expect(adopted).toHaveLength(1);
      expect(r.kiosk.sync.getState<CatalogueDocument>('catalogue')?.version).toBe(2);
      expect(lines.join('\n')).toMatch(/hub catalogue refused \(signature\); keeping the current one.*does not verify against the hub key/);

      // A document properly signed, but by another key than the hub this device enrolled with.
      const foreign = generateKeyPairSync('ed25519');
      tamper.fn = (s) => ({ document: s.document, signature: sign(null, Buffer.from(catalogueSigningText(s.document)), foreign.privateKey).toString('base64') });
      await engine.runOnce();
      expect(adopted).toHaveLength(1);

      // An unsigned (old-style) document is refused too.
      tamper.fn = (s) => JSON.parse(s.document) as SignedCatalogue;
      await engine.runOnce();
      expect(adopted).toHaveLength(1);
      expect(r.kiosk.sync.getState<CatalogueDocument>('catalogue')?.version).toBe(2);

      // Untouched again: version 3 arrives.
      tamper.fn = null;
      await engine.runOnce();
      expect(adopted.map((d) => d.version)).toEqual([2, 3]);
    });
  });
}
