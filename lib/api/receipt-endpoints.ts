import { pdfResponse } from '@/lib/documents/access';
import { renderStoredReceipt } from '@/lib/documents/position-documents';
import { findReceipt } from '@/lib/payments/queries';
import { listReceiptFeed } from '@/lib/payments/receipt-feed';
import { invalidFields, jsonResponse, notFound, zodErrors, type ApiContext } from './http';
import { receiptResource } from './resources';
import { receiptPdfParamsSchema, receiptQuerySchema } from './schemas';

/** The handlers of /api/v1/receipts, behind handleApiRequest (key, rate limit). */

export async function listReceipts(request: Request, context: ApiContext): Promise<Response> {
  const parsed = receiptQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return invalidFields(zodErrors(parsed.error));
  const { since, cursor, limit } = parsed.data;
  const page = await listReceiptFeed(context.db, context.ente.id, {
    since: since ? new Date(since) : undefined,
    afterSeq: cursor === undefined ? undefined : Number(cursor),
    limit,
  });
  return jsonResponse(200, {
    items: page.items.map((item) => receiptResource(context.ente, item)),
    nextCursor: page.nextSeq === null ? null : String(page.nextSeq),
  });
}

export async function receiptPdf(_request: Request, context: ApiContext, rawId: string): Promise<Response> {
  const parsed = receiptPdfParamsSchema.safeParse({ id: rawId });
  if (!parsed.success) return invalidFields(zodErrors(parsed.error));
  const found = await findReceipt(context.db, context.ente.id, parsed.data.id);
  if (!found) return notFound('Ricevuta non trovata');
  return pdfResponse(await renderStoredReceipt(context.db, context.ente, found), `ricevuta-${found.receipt.noticeNumber}.pdf`);
}
