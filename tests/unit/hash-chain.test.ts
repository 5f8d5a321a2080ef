import { createHash } from 'node:crypto';
import { getTableColumns } from 'drizzle-orm';
import { receipts } from '@/db/schema';
import {
  CURRENT_HASH_VERSION,
  GENESIS_HASH,
  HASHED_RECEIPT_COLUMNS_V1,
  HASHED_RECEIPT_COLUMNS_V2,
  HASHED_RECEIPT_COLUMNS_V3,
  RECEIPT_HASH_DOMAIN,
  RECEIPT_HASH_DOMAIN_V2,
  RECEIPT_HASH_DOMAIN_V3,
  UNHASHED_RECEIPT_COLUMNS,
  canonicalJson,
  receiptHash,
  type ChainedFields,
} from '@/lib/payments/hash-chain';

const sample: ChainedFields = {
  enteId: '11111111-2222-4333-8444-555555555555',
  positionId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
  anomaly: null,
  seq: 7,
  hashVersion: 1,
  receiptId: 'RCPT-0007',
  noticeNumber: '301000000000000148',
  creditorFiscalCode: '00123456789',
  outcome: 'OK',
  creditorReferenceId: '01000000000000148',
  amountCents: 12345,
  description: 'TARI 2026 - prima rata',
  companyName: 'Comune di Valmora',
  officeName: null,
  debtor: { type: 'F', fiscalCode: 'RCCMNL83S18D969H', fullName: 'Emanuele Rocca' },
  payer: null,
  transfers: [
    {
      idTransfer: 1,
      amountCents: 12345,
      fiscalCodePA: '00123456789',
      iban: 'IT60X0542811101000000123456',
      remittanceInformation: 'TARI',
      transferCategory: '9/0101101IM/',
    },
  ],
  idPsp: 'BCITITMM',
  pspFiscalCode: null,
  pspName: 'Intesa Sanpaolo S.p.A.',
  idChannel: 'BCITITMM_01',
  channelDescription: null,
  paymentMethod: 'CP',
  feeCents: 150,
  paymentDateTime: new Date('2026-03-14T09:26:53.589Z'),
  applicationDate: '2026-03-14',
  transferDate: null,
  pspVatNumber: null,
  paymentNote: null,
  metadata: null,
  standIn: null,
  originalFormat: null,
  originalSha256: null,
  partner: 'sandbox',
};

/** A value of the same type that differs from `value`, to prove that changing the column changes the hash. */
function altered(value: unknown): unknown {
  if (value === null) return 'x';
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'string') return `${value}x`;
  if (value instanceof Date) return new Date(value.getTime() + 1);
  if (Array.isArray(value)) return [...value, {}];
  return { ...(value as object), extra: 1 };
}

describe('receipt hash coverage', () => {
  it('covers every column of receipts, or excludes it with a reason', () => {
    const columns = Object.keys(getTableColumns(receipts)).sort();
    const hashed: string[] = [...HASHED_RECEIPT_COLUMNS_V3];
    const excluded = Object.keys(UNHASHED_RECEIPT_COLUMNS);
    // A column added to receipts must be hashed by a new version or listed in UNHASHED_RECEIPT_COLUMNS.
    expect(columns.filter((c) => !hashed.includes(c) && !excluded.includes(c))).toEqual([]);
    expect([...hashed, ...excluded].sort()).toEqual(columns);
    expect(hashed.filter((c) => excluded.includes(c))).toEqual([]);
    for (const reason of Object.values(UNHASHED_RECEIPT_COLUMNS)) expect(reason.length).toBeGreaterThan(10);
  });

  it.each(HASHED_RECEIPT_COLUMNS_V1.map((column) => [column]))('changes the v1 hash when %s changes', (column) => {
    // The only other known version is 0: relabelling a v1 receipt as v0 must not keep its hash either.
    const tampered = { ...sample, [column]: column === 'hashVersion' ? 0 : altered(sample[column]) } as ChainedFields;
    expect(receiptHash(GENESIS_HASH, tampered)).not.toBe(receiptHash(GENESIS_HASH, sample));
  });

  it('ignores the excluded columns, which are not part of the content', () => {
    const stored = { ...sample, id: 'x', hash: 'y', prevHash: 'z', createdAt: new Date() } as ChainedFields;
    expect(receiptHash(GENESIS_HASH, stored)).toBe(receiptHash(GENESIS_HASH, sample));
  });
});

describe('receipt hash versions', () => {
  it('writes new receipts with version 3', () => {
    expect(CURRENT_HASH_VERSION).toBe(3);
  });

  it.each(HASHED_RECEIPT_COLUMNS_V3.map((column) => [column]))('changes the v3 hash when %s changes', (column) => {
    const v3 = { ...sample, hashVersion: 3 };
    const tampered = { ...v3, [column]: column === 'hashVersion' ? 2 : altered(v3[column]) } as ChainedFields;
    expect(receiptHash(GENESIS_HASH, tampered)).not.toBe(receiptHash(GENESIS_HASH, v3));
  });

  it('v3 uses its own domain tag over the v3 columns: the anomaly flag is attested', () => {
    const flagged = { ...sample, hashVersion: 3, positionId: null, anomaly: 'unknown_notice' as const };
    const content = Object.fromEntries(HASHED_RECEIPT_COLUMNS_V3.map((c) => [c, flagged[c]]));
    const expected = createHash('sha256')
      .update(`${RECEIPT_HASH_DOMAIN_V3}\n${GENESIS_HASH}\n${canonicalJson(content)}`)
      .digest('hex');
    expect(canonicalJson(content)).toContain('"anomaly":"unknown_notice"');
    expect(receiptHash(GENESIS_HASH, flagged)).toBe(expected);
    // Unflagging a receipt (passing a second payment off as the payment) changes its hash.
    expect(receiptHash(GENESIS_HASH, { ...flagged, anomaly: null })).not.toBe(expected);
    // The v2 columns alone would not cover the flag.
    expect(receiptHash(GENESIS_HASH, { ...flagged, hashVersion: 2 })).toBe(
      receiptHash(GENESIS_HASH, { ...flagged, hashVersion: 2, anomaly: null }),
    );
  });

  it.each(HASHED_RECEIPT_COLUMNS_V2.map((column) => [column]))('changes the v2 hash when %s changes', (column) => {
    const v2 = { ...sample, hashVersion: 2 };
    const tampered = { ...v2, [column]: column === 'hashVersion' ? 1 : altered(v2[column]) } as ChainedFields;
    expect(receiptHash(GENESIS_HASH, tampered)).not.toBe(receiptHash(GENESIS_HASH, v2));
  });

  it('v2 uses its own domain tag over the v2 columns', () => {
    const v2 = { ...sample, hashVersion: 2, pspVatNumber: '00799960158', originalFormat: 'xml', originalSha256: 'c'.repeat(64) };
    const content = Object.fromEntries(HASHED_RECEIPT_COLUMNS_V2.map((c) => [c, v2[c]]));
    const expected = createHash('sha256')
      .update(`${RECEIPT_HASH_DOMAIN_V2}\n${GENESIS_HASH}\n${canonicalJson(content)}`)
      .digest('hex');
    expect(receiptHash(GENESIS_HASH, v2)).toBe(expected);
    // The v1 columns alone would not cover the original document's digest.
    expect(receiptHash(GENESIS_HASH, { ...v2, originalSha256: 'd'.repeat(64) })).not.toBe(expected);
  });

  it('v1 is sha256 over the domain tag, the previous hash and the canonical content including the version', () => {
    const prev = 'a'.repeat(64);
    const content = Object.fromEntries(HASHED_RECEIPT_COLUMNS_V1.map((c) => [c, sample[c]]));
    const expected = createHash('sha256')
      .update(`${RECEIPT_HASH_DOMAIN}\n${prev}\n${canonicalJson(content)}`)
      .digest('hex');
    expect(canonicalJson(content)).toContain('"hashVersion":1');
    expect(receiptHash(prev, sample)).toBe(expected);
    // Known answer: a change to the scheme must be a new version, never a silent edit of this one.
    expect(receiptHash(GENESIS_HASH, sample)).toBe('1b317e0d87126e526c3640c329feda8c827f5e49aee74d5ed701e5ca2c17b80c');
  });

  it('still verifies v0 receipts exactly as they were hashed before versioning', () => {
    const legacy = { ...sample, hashVersion: 0 };
    expect(receiptHash(GENESIS_HASH, legacy)).toBe('2a642f187d49eee44a495d0671985585399d317d079aacd67b7c5deb3f47570f');
  });

  it('gives a different hash to the same content under another version (no downgrade by relabelling)', () => {
    expect(receiptHash(GENESIS_HASH, { ...sample, hashVersion: 0 })).not.toBe(receiptHash(GENESIS_HASH, sample));
  });

  it('refuses an unknown version instead of guessing', () => {
    expect(() => receiptHash(GENESIS_HASH, { ...sample, hashVersion: 4 })).toThrow(/Versione di hash della ricevuta sconosciuta: 4/);
  });

  it('chains: the previous hash is part of the material', () => {
    expect(receiptHash('b'.repeat(64), sample)).not.toBe(receiptHash(GENESIS_HASH, sample));
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and writes dates as ISO, undefined as null', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: new Date('2026-01-02T03:04:05.006Z') }, e: [{ z: 1, y: 2 }] })).toBe(
      '{"a":{"c":"2026-01-02T03:04:05.006Z","d":null},"b":1,"e":[{"y":2,"z":1}]}',
    );
  });
});
