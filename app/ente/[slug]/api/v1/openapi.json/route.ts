import { buildOpenApiDocument } from '@/lib/api/openapi';
import { problem } from '@/lib/http/problem';
import { findRequestEnte, enteUrl } from '@/lib/tenancy/current-ente';

/** /api/v1/openapi.json: public (it holds no data), with this Ente's address as the server. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const ente = await findRequestEnte(slug);
  if (!ente) return problem(404, 'Ente non trovato');
  return Response.json(buildOpenApiDocument(enteUrl(ente.slug, '/api/v1')), { headers: { 'cache-control': 'public, max-age=300' } });
}
