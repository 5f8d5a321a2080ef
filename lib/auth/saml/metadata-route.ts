import { createHash } from 'node:crypto';
import { getDb, type Database } from '@/db';
import { readConfig } from '@/lib/config';
import { parseHost } from '@/lib/tenancy/host';
import { buildSpMetadata } from './metadata';
import type { SamlKind } from './sp-config';
import { currentServiceProvider } from './service-provider';

/**
 * `GET /spid/metadata` and `GET /cie/metadata` on the base domain: the signed SP metadata, one
 * AttributeConsumingService per active Ente. The bytes change only with the configuration or the Enti, so
 * the ETag is their hash and IdPs and validators may cache it.
 */
export async function serveMetadata(request: Request, kind: SamlKind, db: Database): Promise<Response> {
  const config = readConfig();
  if (!config.SPID_ENABLED || parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN).kind !== 'provincia') {
    return new Response('Pagina non trovata', { status: 404 });
  }
  const xml = buildSpMetadata(await currentServiceProvider(db, config), kind);
  const etag = `"${createHash('sha256').update(xml).digest('base64url')}"`;
  const headers = { etag, 'cache-control': 'public, max-age=3600', 'content-type': 'application/samlmetadata+xml; charset=utf-8' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return new Response(xml, { status: 200, headers });
}

export const spidMetadataGET = async (request: Request) => serveMetadata(request, 'spid', await getDb());
export const cieMetadataGET = async (request: Request) => serveMetadata(request, 'cie', await getDb());
