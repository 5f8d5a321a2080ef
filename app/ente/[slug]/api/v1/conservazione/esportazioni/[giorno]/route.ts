import { apiRoute } from '@/lib/api/route';
import { conservazioneDayExport } from '@/lib/api/conservazione-endpoints';

/** /api/v1/conservazione/esportazioni/{giorno} */
export const GET = apiRoute<{ giorno: string }>((request, context, { giorno }) => conservazioneDayExport(request, context, giorno));
