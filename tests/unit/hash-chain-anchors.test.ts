import { generateKeyPairSync } from 'node:crypto';
import {
  AnchorSetupError,
  anchorKeyId,
  generateAnchorKeyPair,
  parseAnchorPrivateKey,
  parseAnchorPublicKey,
} from '@/lib/ledger/anchor-keys';
import { ANCHOR_FORMAT, readAnchors, signAnchor } from '@/lib/ledger/anchors';

const pair = generateAnchorKeyPair();
const privateKey = parseAnchorPrivateKey(pair.privateKey);
const publicKey = parseAnchorPublicKey(pair.publicKey);

const head = {
  enteId: '11111111-2222-4333-8444-555555555555',
  enteFiscalCode: '00123456789',
  enteSlug: 'valmora',
  seq: 42,
  hash: 'ab'.repeat(32),
  anchoredAt: '2026-11-27T07:00:00.000Z',
};

describe('anchor lines', () => {
  it('round-trips: a signed line reads back as the same anchor', () => {
    const line = signAnchor(head, privateKey);
    expect(JSON.parse(line)).toMatchObject({ format: ANCHOR_FORMAT, ...head, keyId: anchorKeyId(publicKey) });
    expect(readAnchors(`${line}\n\n`, publicKey)).toEqual({
      anchors: [{ format: ANCHOR_FORMAT, ...head, keyId: anchorKeyId(publicKey) }],
      problems: [],
    });
  });

  it.each([
    ['seq', 41],
    ['hash', 'cd'.repeat(32)],
    ['enteId', '11111111-2222-4333-8444-666666666666'],
    ['anchoredAt', '2027-01-01T00:00:00.000Z'],
  ])('refuses a line whose %s was edited after signing', (field, value) => {
    const edited = JSON.stringify({ ...JSON.parse(signAnchor(head, privateKey)), [field]: value });
    expect(readAnchors(edited, publicKey)).toEqual({
      anchors: [],
      problems: [{ line: 1, problem: expect.stringMatching(/^firma non valida/) }],
    });
  });

  it('refuses a line signed with another key, even one claiming our key id', () => {
    const otherKey = parseAnchorPrivateKey(generateAnchorKeyPair().privateKey);
    const other = signAnchor(head, otherKey);
    const claiming = JSON.stringify({ ...JSON.parse(other), keyId: anchorKeyId(publicKey) });
    const { anchors, problems } = readAnchors([other, claiming].join('\n'), publicKey);
    expect(anchors).toEqual([]);
    expect(problems).toEqual([
      { line: 1, problem: expect.stringMatching(/^firmata con un'altra chiave/) },
      { line: 2, problem: expect.stringMatching(/^firma non valida/) },
    ]);
  });

  it('refuses malformed lines and extra fields, numbering lines, and keeps the good ones', () => {
    const good = signAnchor(head, privateKey);
    const extra = JSON.stringify({ ...JSON.parse(good), note: 'aggiunta' });
    const wrongFormat = JSON.stringify({ ...JSON.parse(good), format: 'altro:v9' });
    const { anchors, problems } = readAnchors([good, '{non json', extra, wrongFormat, '[]'].join('\n'), publicKey);
    expect(anchors).toHaveLength(1);
    expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 5]);
    expect(problems[0]!.problem).toBe('non è JSON valido');
    expect(problems[2]!.problem).toMatch(/formato diverso/);
  });
});

describe('anchor keys', () => {
  it('reads PKCS#8/SPKI as PEM, as one-line PEM with \\n, and as base64 DER, all with the same key id', () => {
    const pemPrivate = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const pemPublic = publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const id = anchorKeyId(publicKey);
    expect(anchorKeyId(parseAnchorPrivateKey(pemPrivate))).toBe(id);
    expect(anchorKeyId(parseAnchorPrivateKey(pemPrivate.replace(/\n/g, '\\n')))).toBe(id);
    expect(anchorKeyId(parseAnchorPublicKey(pemPublic))).toBe(id);
    expect(anchorKeyId(privateKey)).toBe(id);
  });

  it('refuses garbage, a non-Ed25519 key, and a private key where the public one belongs', () => {
    expect(() => parseAnchorPrivateKey('non una chiave')).toThrow(AnchorSetupError);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(() => parseAnchorPrivateKey(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(
      /serve una chiave Ed25519/,
    );
    expect(() => parseAnchorPublicKey(rsa.publicKey.export({ format: 'pem', type: 'spki' }).toString())).toThrow(
      /serve una chiave Ed25519/,
    );
    expect(() => parseAnchorPublicKey(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString())).toThrow(/chiave privata/);
    expect(() => parseAnchorPublicKey(pair.privateKey)).toThrow(/RECEIPTS_ANCHOR_PUBLIC_KEY/);
  });
});
