export type BodyRead = { ok: true; bytes: Buffer } | { ok: false; status: 411 | 413 };

/**
 * Reads a request body up to `maxBytes`: refuses by Content-Length before reading, and stops reading a
 * chunked or lying body as soon as it goes over, so a huge body never sits in memory.
 */
export async function readLimitedBody(request: Request, maxBytes: number): Promise<BodyRead> {
  const declared = request.headers.get('content-length');
  if (declared !== null && (!/^\d{1,15}$/.test(declared) || Number(declared) > maxBytes)) return { ok: false, status: 413 };
  if (!request.body) return { ok: true, bytes: Buffer.alloc(0) };
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { ok: false, status: 413 };
    }
    chunks.push(Buffer.from(value));
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

/** A small JSON body from a browser: JSON content type (so no cross-site form can send it), size-limited, parsed. */
export async function readJsonBody(request: Request, maxBytes: number): Promise<{ ok: true; value: unknown } | { ok: false; status: 400 | 411 | 413 | 415 }> {
  if (!/^application\/json\b/i.test(request.headers.get('content-type') ?? '')) return { ok: false, status: 415 };
  const body = await readLimitedBody(request, maxBytes);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false, status: 400 };
  }
}
