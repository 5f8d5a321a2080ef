import { getDb } from '@/db';
import { problem } from '@/lib/http/problem';
import { findEnteLogo } from '@/lib/settings/ente-settings';
import { logoVersion } from '@/lib/settings/logo-url';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';

/**
 * The logo uploaded in the back office, from the portal itself (the CSP allows images from 'self'). The
 * header links it with its version, so a versioned request may be cached for good; others briefly.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const ente = await findBackOfficeEnte((await params).slug);
  const logo = ente && (await findEnteLogo(await getDb(), ente.id));
  if (!logo) return problem(404, 'Logo non trovato');
  const version = logoVersion(logo.updatedAt);
  const etag = `"${version}"`;
  const current = new URL(request.url).searchParams.get('v') === version;
  const headers = {
    'content-type': logo.mime,
    'cache-control': current ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
    etag,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "default-src 'none'",
  };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(logo.data), { status: 200, headers: { ...headers, 'content-length': String(logo.data.length) } });
}
