import { getDb } from '@/db';
import { problem } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { receiveSandboxCallback } from '@/lib/payments/callbacks';

const MAX_BODY_BYTES = 256 * 1024;

/**
 * Payment outcomes from the sandbox partner. 2xx once stored and processed (duplicates and anomalies
 * included, so the partner stops); 400/401 for what retrying cannot fix; 5xx only for transient faults.
 */
export async function POST(request: Request) {
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES) return problem(413, 'Corpo della richiesta troppo grande');
  try {
    const result = await receiveSandboxCallback(await getDb(), rawBody, request.headers.get('x-signature'));
    if (result.status !== 200) return problem(result.status, result.title);
    return Response.json({ status: 'ok', outcome: result.outcome }, { headers: { 'cache-control': 'no-store' } });
  } catch (error) {
    logger.error({ err: error instanceof Error ? error.message : String(error) }, 'callback sandbox: errore temporaneo');
    return problem(503, 'Errore temporaneo: ripetere la notifica');
  }
}
