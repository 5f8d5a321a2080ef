import { apiRoute } from '@/lib/api/route';
import { deletePosition, getPosition, putPosition } from '@/lib/api/position-endpoints';

/** /api/v1/positions/{externalId}: read, create or update (idempotent), cancel. */
export const GET = apiRoute<{ externalId: string }>('positions', (request, context, { externalId }) =>
  getPosition(request, context, externalId),
);
export const PUT = apiRoute<{ externalId: string }>('positions', (request, context, { externalId }) =>
  putPosition(request, context, externalId),
);
export const DELETE = apiRoute<{ externalId: string }>('positions', (request, context, { externalId }) =>
  deletePosition(request, context, externalId),
);
