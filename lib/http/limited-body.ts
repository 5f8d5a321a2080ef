export type LimitedBody = { ok: true; bytes: Buffer } | { ok: false; reason: 'too_large' };

/**
 * The raw bytes of a request body, at most `maxBytes`. A declared Content-Length over the limit is
 * refused before reading anything; a body without one (chunked), or longer than it said, is read only
 * until it passes the limit, then the stream is cancelled: an endless body costs us `maxBytes`, no more.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<LimitedBody> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared.trim()) > maxBytes) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}

/** A small JSON body from a browser: JSON content type (so no cross-site form can send it), size-limited, parsed. */
export async function readJsonBody(
  request: Request,
  maxBytes: number,
): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 413 | 415 }> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return { ok: false, status: 415 };
  const body = await readLimitedBody(request, maxBytes);
  if (!body.ok) return { ok: false, status: 413 };
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body.bytes)) as unknown };
  } catch {
    return { ok: false, status: 400 };
  }
}
