import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { partnerCallStats } from '@/db/schema';
import { logger } from '@/lib/logger';
import { metrics } from '@/lib/metrics/registry';
import type { PartnerResolver } from './registry';
import type { PaymentPartner } from './types';

/*
 * The health page's partner figures: every call to an adapter counted, per partner, operation and minute,
 * as one upsert, and timed in the instance's Prometheus histogram (partner, operation, ok or error). Recording is a side effect that must never change the call: its failure is logged and
 * swallowed, and the call's own result or error goes back to the caller untouched.
 */

export type PartnerOperation = Exclude<keyof PaymentPartner, 'code' | 'capabilities'>;

const MAX_ERROR_LENGTH = 300;

/**
 * An error as the health page may show it: its class and message with whatever could be personal data
 * (e-mail addresses, fiscal codes, long digit runs such as notice numbers or IBANs) masked, truncated.
 */
export function describeCallError(error: unknown): string {
  const name = error instanceof Error ? error.name : 'Errore';
  const message = error instanceof Error ? error.message : String(error);
  return `${name}: ${maskPersonalData(message)}`.slice(0, MAX_ERROR_LENGTH);
}

/** A partner's text with e-mail addresses, fiscal codes, IBANs and long digit runs masked. */
export function maskPersonalData(message: string): string {
  return message
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[e-mail]')
    .replace(/\b[A-Za-z]{6}\d{2}[A-Za-z]\d{2}[A-Za-z]\d{3}[A-Za-z]\b/g, '[codice fiscale]')
    .replace(/\b[A-Za-z]{2}\d{2}[A-Za-z0-9]{11,30}\b/g, '[IBAN]')
    .replace(/\d{11,}/g, '[numero]');
}

/** Adds one call's outcome to its minute's counters. */
export async function recordPartnerCall(
  db: Database,
  call: { partner: PaymentPartner['code']; operation: PartnerOperation; at: Date; error?: unknown },
): Promise<void> {
  const failed = call.error !== undefined;
  const minute = new Date(Math.floor(call.at.getTime() / 60_000) * 60_000);
  await db
    .insert(partnerCallStats)
    .values({
      partner: call.partner,
      operation: call.operation,
      minute,
      ok: failed ? 0 : 1,
      errors: failed ? 1 : 0,
      lastSuccessAt: failed ? null : call.at,
      lastErrorAt: failed ? call.at : null,
      lastError: failed ? describeCallError(call.error) : null,
    })
    .onConflictDoUpdate({
      target: [partnerCallStats.partner, partnerCallStats.operation, partnerCallStats.minute],
      set: {
        ok: sql`${partnerCallStats.ok} + excluded.ok`,
        errors: sql`${partnerCallStats.errors} + excluded.errors`,
        lastSuccessAt: sql`greatest(${partnerCallStats.lastSuccessAt}, excluded.last_success_at)`,
        lastErrorAt: sql`greatest(${partnerCallStats.lastErrorAt}, excluded.last_error_at)`,
        lastError: sql`coalesce(excluded.last_error, ${partnerCallStats.lastError})`,
      },
    });
}

async function recordQuietly(db: Database, call: Parameters<typeof recordPartnerCall>[1]): Promise<void> {
  try {
    await recordPartnerCall(db, call);
  } catch (error) {
    logger.warn({ partner: call.partner, operation: call.operation, err: (error as Error).message }, 'statistiche partner non registrate');
  }
}

/** The same partner, each of its calls counted in partner_call_stats. */
export function withCallStats(db: Database, partner: PaymentPartner, clock: () => Date = () => new Date()): PaymentPartner {
  const counted =
    <A extends unknown[], R>(operation: PartnerOperation, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const duration = metrics().partnerCallDuration.startTimer({ partner: partner.code, operation });
      let result: R;
      try {
        result = await call(...args);
      } catch (error) {
        duration({ result: 'error' });
        await recordQuietly(db, { partner: partner.code, operation, at: clock(), error });
        throw error;
      }
      duration({ result: 'ok' });
      await recordQuietly(db, { partner: partner.code, operation, at: clock() });
      return result;
    };
  // Optional operations stay absent when the adapter lacks them: the capability check still sees the truth.
  const optional = <K extends Exclude<PartnerOperation, 'registerPosition' | 'startCheckout' | 'fetchNoticeStatus'>>(operation: K) => {
    const method = partner[operation];
    return method ? { [operation]: counted(operation, method.bind(partner) as (...args: unknown[]) => Promise<unknown>) } : {};
  };
  return {
    code: partner.code,
    capabilities: partner.capabilities,
    registerPosition: counted('registerPosition', partner.registerPosition.bind(partner)),
    startCheckout: counted('startCheckout', partner.startCheckout.bind(partner)),
    fetchNoticeStatus: counted('fetchNoticeStatus', partner.fetchNoticeStatus.bind(partner)),
    ...optional('invalidatePosition'),
    ...optional('findNotice'),
    ...optional('listReportingFlows'),
    ...optional('fetchReportingFlow'),
    ...optional('testConnection'),
  } as PaymentPartner;
}

/** A resolver whose partners are counted: what the application uses (lib/partners/registry.ts). */
export function recordingResolver(db: Database, resolve: PartnerResolver): PartnerResolver {
  return async (ente) => withCallStats(db, await resolve(ente));
}
