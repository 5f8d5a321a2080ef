import { createHash } from 'node:crypto';
import type { Receipt } from '@/db/schema';

export const GENESIS_HASH = '0'.repeat(64);

/** The scheme new receipts are hashed with. */
export const CURRENT_HASH_VERSION = 3;

/** Prefix of the v1 hashed material: a receipt hash can never be mistaken for a hash of anything else. */
export const RECEIPT_HASH_DOMAIN = 'portale-pagamenti:receipt:v1';
export const RECEIPT_HASH_DOMAIN_V2 = 'portale-pagamenti:receipt:v2';
export const RECEIPT_HASH_DOMAIN_V3 = 'portale-pagamenti:receipt:v3';

/** JSON with keys sorted at every level and undefined as null: the same data always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Columns of `receipts` outside the hashed material, each with the reason. Every other column must be
 * hashed: a unit test fails when a column is added to the table without being listed in one or the other.
 */
export const UNHASHED_RECEIPT_COLUMNS = {
  id: 'surrogate key chosen by the database, not part of what the receipt attests',
  prevHash: 'chained separately: it is the first input of the hash, ahead of the content',
  hash: 'the result of hashing, it cannot be its own input',
  createdAt: 'set by the database clock on insert, after the hash was computed',
  originalDocument: 'covered through original_sha256, which is hashed (v2): the chain stays cheap to verify',
} as const satisfies Partial<Record<keyof Receipt, string>>;

/** Everything a receipt attests, as stored: the chain covers exactly what the database keeps. */
export type ChainedFields = Omit<Receipt, keyof typeof UNHASHED_RECEIPT_COLUMNS>;

/**
 * The columns hashed by version 1, frozen: a new column needs a new version (old rows keep theirs),
 * otherwise every existing v1 hash would stop matching its row.
 */
export const HASHED_RECEIPT_COLUMNS_V1 = [
  'enteId',
  'positionId',
  'seq',
  'hashVersion',
  'receiptId',
  'noticeNumber',
  'creditorFiscalCode',
  'outcome',
  'creditorReferenceId',
  'amountCents',
  'description',
  'companyName',
  'officeName',
  'debtor',
  'payer',
  'transfers',
  'idPsp',
  'pspFiscalCode',
  'pspName',
  'idChannel',
  'channelDescription',
  'paymentMethod',
  'feeCents',
  'paymentDateTime',
  'applicationDate',
  'transferDate',
  'partner',
] as const satisfies readonly (keyof ChainedFields)[];

/** Version 2 adds what pagoPA's ctReceiptV2 carries beyond v1's columns, and the digest of the original document. */
export const HASHED_RECEIPT_COLUMNS_V2 = [
  ...HASHED_RECEIPT_COLUMNS_V1,
  'pspVatNumber',
  'paymentNote',
  'metadata',
  'standIn',
  'originalFormat',
  'originalSha256',
] as const satisfies readonly (keyof ChainedFields)[];

/**
 * Version 3 adds the anomaly flag: since every receipt joins the chain, whether one paid its position is
 * part of what the chain attests (and a flagged receipt cannot be passed off as a payment, nor the reverse).
 */
export const HASHED_RECEIPT_COLUMNS_V3 = [...HASHED_RECEIPT_COLUMNS_V2, 'anomaly'] as const satisfies readonly (keyof ChainedFields)[];

/** The first version that covers the flag: no flagged receipt (nor one without a position) exists under an older one. */
export const FLAGGED_RECEIPTS_HASH_VERSION = 3;

/** Version 0 hashed the same columns as version 1 except the version itself. */
const HASHED_RECEIPT_COLUMNS_V0 = HASHED_RECEIPT_COLUMNS_V1.filter((column) => column !== 'hashVersion');

function pick(row: ChainedFields, columns: readonly (keyof ChainedFields)[]): Record<string, unknown> {
  return Object.fromEntries(columns.map((column) => [column, row[column]]));
}

export function isKnownHashVersion(version: number): boolean {
  return version >= 0 && version <= CURRENT_HASH_VERSION && Number.isInteger(version);
}

/**
 * The hash of a receipt under the scheme named by its `hashVersion`.
 * v0 (receipts written before versioning): sha256(prevHash ‖ canonical content).
 * v1: sha256(domain tag ‖ "\n" ‖ prevHash ‖ "\n" ‖ canonical content including the version).
 * v2: as v1 with its own tag and the v2 columns.
 * v3: as v1 with its own tag and the v3 columns.
 */
export function receiptHash(prevHash: string, row: ChainedFields): string {
  switch (row.hashVersion) {
    case 0:
      return createHash('sha256')
        .update(prevHash)
        .update(canonicalJson(pick(row, HASHED_RECEIPT_COLUMNS_V0)))
        .digest('hex');
    case 1:
      return createHash('sha256')
        .update(`${RECEIPT_HASH_DOMAIN}\n${prevHash}\n`)
        .update(canonicalJson(pick(row, HASHED_RECEIPT_COLUMNS_V1)))
        .digest('hex');
    case 2:
      return createHash('sha256')
        .update(`${RECEIPT_HASH_DOMAIN_V2}\n${prevHash}\n`)
        .update(canonicalJson(pick(row, HASHED_RECEIPT_COLUMNS_V2)))
        .digest('hex');
    case 3:
      return createHash('sha256')
        .update(`${RECEIPT_HASH_DOMAIN_V3}\n${prevHash}\n`)
        .update(canonicalJson(pick(row, HASHED_RECEIPT_COLUMNS_V3)))
        .digest('hex');
    default:
      throw new Error(`Versione di hash della ricevuta sconosciuta: ${row.hashVersion}`);
  }
}
