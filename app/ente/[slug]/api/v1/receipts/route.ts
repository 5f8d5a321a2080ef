import { apiRoute } from '@/lib/api/route';
import { listReceipts } from '@/lib/api/receipt-endpoints';

/** /api/v1/receipts?since=…&cursor=…&limit=… */
export const GET = apiRoute('receipts', (request, context) => listReceipts(request, context));
