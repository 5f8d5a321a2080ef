import { sha256FromHex } from './digest';
import type { ExportDownload } from './queries';

/*
 * The files of conservazione as downloads, for the back office and /api/v1 alike: the stored bytes untouched,
 * their recorded SHA-256 in `Repr-Digest` (RFC 9530), so that whoever downloads can check the copy.
 */

function download(body: Uint8Array, contentType: string, fileName: string, sha256Hex: string | null): Response {
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${fileName}"`,
    'x-content-type-options': 'nosniff',
    'cache-control': 'private, no-store',
  };
  if (sha256Hex) headers['repr-digest'] = `sha-256=:${sha256FromHex(sha256Hex).base64}:`;
  return new Response(new Uint8Array(body), { headers });
}

/** A rapporto di versamento exactly as issued (its hash is of its UTF-8 bytes). */
export function rapportoResponse(xml: string, sha256Hex: string | null, fileName: string): Response {
  return download(Buffer.from(xml, 'utf8'), 'application/xml', fileName, sha256Hex);
}

/** A SInCRO day export as recorded. */
export function exportZipResponse(zip: ExportDownload): Response {
  return download(zip.zip, 'application/zip', zip.fileName, zip.sha256);
}
