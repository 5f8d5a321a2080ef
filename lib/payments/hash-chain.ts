import { createHash } from 'node:crypto';
import type { Receipt } from '@/db/schema';

export const GENESIS_HASH = '0'.repeat(64);

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

/** Everything a receipt attests, as stored: the chain covers exactly what the database keeps. */
export type ChainedFields = Omit<Receipt, 'id' | 'hash' | 'prevHash' | 'createdAt'>;

export function chainedContent(row: ChainedFields): Record<string, unknown> {
  return {
    enteId: row.enteId,
    positionId: row.positionId,
    seq: row.seq,
    receiptId: row.receiptId,
    noticeNumber: row.noticeNumber,
    creditorFiscalCode: row.creditorFiscalCode,
    outcome: row.outcome,
    creditorReferenceId: row.creditorReferenceId,
    amountCents: row.amountCents,
    description: row.description,
    companyName: row.companyName,
    officeName: row.officeName,
    debtor: row.debtor,
    payer: row.payer,
    transfers: row.transfers,
    idPsp: row.idPsp,
    pspFiscalCode: row.pspFiscalCode,
    pspName: row.pspName,
    idChannel: row.idChannel,
    channelDescription: row.channelDescription,
    paymentMethod: row.paymentMethod,
    feeCents: row.feeCents,
    paymentDateTime: row.paymentDateTime,
    applicationDate: row.applicationDate,
    transferDate: row.transferDate,
    partner: row.partner,
  };
}

/** sha256 over the previous hash and the canonical JSON of the receipt. */
export function receiptHash(prevHash: string, row: ChainedFields): string {
  return createHash('sha256').update(prevHash).update(canonicalJson(chainedContent(row))).digest('hex');
}
