import { apiRoute } from '@/lib/api/route';
import { positionNoticePdf } from '@/lib/api/position-endpoints';

/** /api/v1/positions/{externalId}/avviso.pdf */
export const GET = apiRoute<{ externalId: string }>('positions', (request, context, { externalId }) =>
  positionNoticePdf(request, context, externalId),
);
