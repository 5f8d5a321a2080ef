import { preservationExportZip } from '@/lib/api/preservation-endpoints';
import { apiRoute } from '@/lib/api/route';

/** /api/v1/preservation/exports/{day}: the day's SInCRO ZIP for the Ente's own conservatore. */
export const GET = apiRoute<{ day: string }>('preservation', (request, context, { day }) => preservationExportZip(request, context, day));
