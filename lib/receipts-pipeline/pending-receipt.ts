import type { PartnerReceipt } from '@/lib/partners/types';

/**
 * What the sequencer needs to append an acknowledged receipt, kept in its inbox row
 * (partner_inbox.pending_receipt) until the entry is settled. The original document is most often the
 * body as received (the sandbox's JSON, paSendRTV2, GovPay's rt.json): then it is the row's raw body and
 * is not stored twice; otherwise (GovPay's rt.xml, inside the JSON) its bytes are kept in base64.
 */
export interface PendingReceipt {
  receipt: Omit<PartnerReceipt, 'original'>;
  original: { format: 'xml' | 'json'; base64?: string } | null;
}

export function pendingReceiptOf(receipt: PartnerReceipt, body: Buffer): PendingReceipt {
  const { original, ...fields } = receipt;
  if (!original) return { receipt: fields, original: null };
  return {
    receipt: fields,
    original: original.bytes.equals(body)
      ? { format: original.format }
      : { format: original.format, base64: original.bytes.toString('base64') },
  };
}

export function receiptOfPending(pending: PendingReceipt, rawBody: Buffer): PartnerReceipt {
  const { original } = pending;
  if (!original) return pending.receipt;
  return {
    ...pending.receipt,
    original: { format: original.format, bytes: original.base64 ? Buffer.from(original.base64, 'base64') : rawBody },
  };
}
