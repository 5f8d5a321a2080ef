import type { z } from 'zod';
import type { Ente, Position, ReceiptSubject } from '@/db/schema';
import { signLink } from '@/lib/documents/links';
import type { FeedReceipt } from '@/lib/payments/receipt-feed';
import { enteUrl } from '@/lib/tenancy/urls';
import type { positionResourceSchema, receiptResourceSchema } from './schemas';

/*
 * Rows → what /api/v1 answers. Typed by the response schemas, which also generate openapi.json. Links
 * are signed (kind, Ente, object, expiry): the Ente's system may hand them to the debtor as they are.
 */

type EnteForLinks = Pick<Ente, 'id' | 'slug'>;

/** A position; `plan` (from loadPlan) adds its instalments. */
export function positionResource(ente: EnteForLinks, position: Position, plan: Position[] = []): z.output<typeof positionResourceSchema> {
  const instalments = plan.filter((member) => (member.installment ?? 0) > 0);
  return {
    externalId: position.externalId!,
    noticeNumber: position.noticeNumber,
    iuv: position.iuv,
    status: position.status,
    amountCents: position.amountCents,
    dueDate: position.dueDate,
    ...(instalments.length > 0
      ? {
          rate: instalments.map((rata) => ({
            noticeNumber: rata.noticeNumber,
            iuv: rata.iuv,
            status: rata.status,
            amountCents: rata.amountCents,
            dueDate: rata.dueDate,
          })),
        }
      : {}),
    links: { avviso: enteUrl(ente.slug, `/avvisi/${position.noticeNumber}?t=${signLink('notice', ente.id, position.noticeNumber)}`) },
  };
}

function subjectResource(subject: ReceiptSubject | null) {
  return subject ? { type: subject.type, fiscalCode: subject.fiscalCode, name: subject.fullName } : null;
}

export function receiptResource(
  ente: EnteForLinks,
  { receipt, externalId, serviceCode }: FeedReceipt,
): z.output<typeof receiptResourceSchema> {
  return {
    id: receipt.id,
    receiptId: receipt.receiptId,
    noticeNumber: receipt.noticeNumber,
    iuv: receipt.creditorReferenceId,
    externalId,
    serviceCode,
    amountCents: receipt.amountCents,
    feeCents: receipt.feeCents,
    pspName: receipt.pspName,
    pspFiscalCode: receipt.pspFiscalCode,
    pspVatNumber: receipt.pspVatNumber,
    paymentMethod: receipt.paymentMethod,
    paymentNote: receipt.paymentNote,
    paymentDateTime: receipt.paymentDateTime.toISOString(),
    recordedAt: receipt.createdAt.toISOString(),
    debtor: subjectResource(receipt.debtor),
    payer: subjectResource(receipt.payer),
    transfers: receipt.transfers.map((t) => ({
      idTransfer: t.idTransfer,
      amountCents: t.amountCents,
      fiscalCodePA: t.fiscalCodePA,
      iban: t.iban ?? null,
      stamp: t.mbdAttachment !== undefined,
      remittanceInformation: t.remittanceInformation,
      category: t.transferCategory,
    })),
    anomaly: receipt.anomaly,
    links: { ricevuta: enteUrl(ente.slug, `/ricevute/${receipt.id}?t=${signLink('receipt', ente.id, receipt.id)}`) },
  };
}
