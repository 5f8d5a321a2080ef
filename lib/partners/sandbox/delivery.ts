import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, partnerCredentials } from '@/db/schema';
import type { JobHandler } from '@/lib/jobs/queue';
import { signPayload } from '../signature';

/** Sends one signed callback and gives back the HTTP status. */
export type CallbackTransport = (rawBody: string, signature: string) => Promise<number>;

export function httpTransport(url: string): CallbackTransport {
  return async (rawBody, signature) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body: rawBody,
      signal: AbortSignal.timeout(10_000),
    });
    return response.status;
  };
}

/** Job handler: sign with the Ente's current secret at send time and POST; anything but 2xx is retried. */
export function sandboxDeliveryHandler(transport: CallbackTransport): JobHandler {
  return async (db: Database, payload) => {
    const creditorFiscalCode = String(payload.creditorFiscalCode);
    const body = String(payload.body);
    const [credential] = await db
      .select({ secret: partnerCredentials.callbackSecret })
      .from(partnerCredentials)
      .innerJoin(enti, eq(enti.id, partnerCredentials.enteId))
      .where(and(eq(enti.fiscalCode, creditorFiscalCode), eq(partnerCredentials.partner, 'sandbox')));
    if (!credential) throw new Error(`Sandbox: nessun segreto per l'Ente ${creditorFiscalCode}`);
    const status = await transport(body, signPayload(credential.secret, body, Math.floor(Date.now() / 1000)));
    if (status < 200 || status > 299) throw new Error(`Sandbox: callback rifiutata con HTTP ${status}`);
  };
}
