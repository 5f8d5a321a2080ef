/** An adhesion document as a download: its stored type, its name, never rendered inline by the browser. */
export function documentResponse(doc: { filename: string; mime: string; data: Buffer }): Response {
  const ascii = doc.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return new Response(new Uint8Array(doc.data), {
    headers: {
      'content-type': doc.mime,
      'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.filename)}`,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
