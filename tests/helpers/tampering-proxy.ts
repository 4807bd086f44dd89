import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignedCatalogue } from '../../shared/sync/protocol.js';

export type Tamper = (signed: SignedCatalogue) => SignedCatalogue;

/** A real HTTP hop in front of the hub that passes everything through and, while `tamper.fn` is set, rewrites the catalogue reply. */
export async function tamperingProxy(target: string, tamper: { fn: Tamper | null }): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const up = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (r) => {
      const parts: Buffer[] = [];
      r.on('data', (c: Buffer) => parts.push(c));
      r.on('end', () => {
        let body = Buffer.concat(parts);
        if (req.url?.startsWith('/v1/catalogue') && r.statusCode === 200 && tamper.fn) {
          body = Buffer.from(JSON.stringify(tamper.fn(SignedCatalogue.parse(JSON.parse(body.toString('utf8'))))));
        }
        const headers = { ...r.headers, 'content-length': String(body.length) };
        res.writeHead(r.statusCode ?? 502, headers).end(body);
      });
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
