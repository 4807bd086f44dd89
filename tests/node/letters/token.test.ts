import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeToken, keyIdOf, nikHash, signToken, TokenFormatError } from '../../../main/core/letters/token.js';
import { verifyLetterToken } from '../../../main/core/letters/verify.js';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const raw = spki.subarray(spki.length - 32);
  return { raw, privateKey, keyId: keyIdOf(raw) };
}

const NIK = '3604051208850001';

describe('letter token', () => {
  const k = keyPair();
  const salt = randomBytes(6);
  const claims = { officeCode: '36.04.05.2001', keyId: k.keyId, date: '2026-11-23', salt, nikHash: nikHash(NIK, salt), number: '474.1/012/2001/XI/2026', serviceId: 'keterangan-kelahiran' };
  const token = signToken(claims, k.privateKey);
  const lookup = (office: string, keyId: string) => (office === '36.04.05.2001' && keyId === k.keyId ? k.raw : undefined);

  it('is compact base64url (under 200 characters for the longest shipped service) and decodes to its claims', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(token.length).toBeLessThan(200);
    const d = decodeToken(token);
    expect(d).toMatchObject({ officeCode: '36.04.05.2001', keyId: k.keyId, date: '2026-11-23', number: claims.number, serviceId: 'keterangan-kelahiran' });
    expect(d.salt.equals(salt)).toBe(true);
    // No personal data in clear: the NIK is nowhere in the bytes, not even its digits in a row.
    expect(Buffer.from(token, 'base64url').toString('latin1')).not.toContain(NIK.slice(0, 8));
  });

  it('valid with the office key; NIK match and mismatch', async () => {
    expect(await verifyLetterToken(token, lookup, NIK)).toMatchObject({ outcome: 'valid', claims: { number: claims.number, date: '2026-11-23' }, nikMatches: true });
    expect(await verifyLetterToken(token, lookup, '3604051208850002')).toMatchObject({ outcome: 'valid', nikMatches: false });
    expect(await verifyLetterToken(token, lookup)).toMatchObject({ outcome: 'valid', nikMatches: null });
  });

  it('one flipped bit anywhere in the signed bytes or the signature: altered (or, in the office or key id, unknown_office)', async () => {
    const bytes = Buffer.from(token, 'base64url');
    const outcomes = new Set<string>();
    for (let bit = 0; bit < bytes.length * 8; bit += 7) {
      const b = Buffer.from(bytes);
      b[bit >> 3]! ^= 1 << (bit & 7);
      const v = await verifyLetterToken(b.toString('base64url'), lookup);
      outcomes.add(v.outcome);
      expect(v.outcome).not.toBe('valid');
      // The office code (bytes 1-4) and key id (5-8) pick the key: a flip there finds none.
      if (bit >= 8 && bit < 72) expect(v.outcome).toBe('unknown_office');
      else expect(v.outcome).toBe('altered');
    }
    expect(outcomes).toEqual(new Set(['altered', 'unknown_office']));
  });

  it('a key this device does not know: unknown_office; another key of the same office id: altered; garbage: altered', async () => {
    const other = keyPair();
    const foreign = signToken({ ...claims, officeCode: '36.04.30.2005', keyId: other.keyId }, other.privateKey);
    expect(await verifyLetterToken(foreign, lookup)).toMatchObject({ outcome: 'unknown_office', officeCode: '36.04.30.2005' });
    const forged = signToken(claims, other.privateKey); // claims our key id, signed with another key
    expect(await verifyLetterToken(forged, lookup)).toMatchObject({ outcome: 'altered' });
    expect(await verifyLetterToken('HALO-INI-BUKAN-SURAT', lookup)).toMatchObject({ outcome: 'altered', message: expect.stringMatching(/not a valid letter token/) });
    expect(await verifyLetterToken(token.slice(0, -3), lookup)).toMatchObject({ outcome: 'altered' });
    expect(() => decodeToken('x'.repeat(500))).toThrow(TokenFormatError);
  });
});
