import { apiRoute } from '@/lib/api/route';
import { receiptPdf } from '@/lib/api/receipt-endpoints';

/** /api/v1/receipts/{id}/ricevuta.pdf */
export const GET = apiRoute<{ id: string }>('receipts', (request, context, { id }) => receiptPdf(request, context, id));
