import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, partnerCredentials, partnerInbox } from '@/db/schema';
import { sandboxCallbackSchema } from '@/lib/partners/receipt-schema';
import { verifySignature } from '@/lib/partners/signature';
import { recordReceipt } from './record-receipt';

export interface CallbackResponse {
  status: 200 | 400 | 401;
  title: string;
  outcome?: string;
}

/**
 * A sandbox callback, from raw bytes to receipt. The body is stored before anything is checked, so that
 * nothing a partner sends is ever lost; the row then records the verification and what came of it.
 * Transient failures (database down) throw, and the route answers 5xx so that the partner retries.
 */
export async function receiveSandboxCallback(db: Database, rawBody: string, signature: string | null, nowSeconds?: number): Promise<CallbackResponse> {
  const bytes = Buffer.from(rawBody);
  const [inbox] = await db
    .insert(partnerInbox)
    .values({ partner: 'sandbox', rawBody: bytes, bodySha256: createHash('sha256').update(bytes).digest('hex'), bodyBytes: bytes.length, signature })
    .returning({ id: partnerInbox.id });
  const inboxId = inbox!.id;
  const reject = async (status: 400 | 401, reason: string, enteId?: string): Promise<CallbackResponse> => {
    await db
      .update(partnerInbox)
      .set({ verificationError: reason, outcome: 'rejected', processedAt: new Date(), enteId })
      .where(eq(partnerInbox.id, inboxId));
    return { status, title: reason };
  };

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return reject(400, 'Corpo non in formato JSON');
  }
  const parsed = sandboxCallbackSchema.safeParse(json);
  if (!parsed.success) return reject(400, 'Corpo non conforme allo schema della ricevuta');
  const callback = parsed.data;
  if (callback.receipt.creditorFiscalCode !== callback.creditorFiscalCode) return reject(400, 'Ente della ricevuta incoerente');

  const [target] = await db
    .select({ id: enti.id, fiscalCode: enti.fiscalCode, secret: partnerCredentials.callbackSecret })
    .from(enti)
    .innerJoin(partnerCredentials, and(eq(partnerCredentials.enteId, enti.id), eq(partnerCredentials.partner, 'sandbox')))
    .where(eq(enti.fiscalCode, callback.creditorFiscalCode));
  if (!target) return reject(401, 'Ente sconosciuto o senza credenziali per questo partner');

  const check = verifySignature(target.secret, rawBody, signature, nowSeconds);
  if (!check.ok) return reject(401, `Firma rifiutata: ${check.reason}`, target.id);

  await db.update(partnerInbox).set({ verified: true, enteId: target.id, receiptId: callback.receipt.receiptId }).where(eq(partnerInbox.id, inboxId));
  const outcome = await recordReceipt(db, target, 'sandbox', callback.receipt, inboxId);
  await db
    .update(partnerInbox)
    .set({ outcome: outcome.kind, processedAt: new Date() })
    .where(eq(partnerInbox.id, inboxId));
  return { status: 200, title: 'Ricevuta acquisita', outcome: outcome.kind === 'anomaly' ? `anomaly:${outcome.anomaly}` : outcome.kind };
}
