import { and, count, eq, inArray, isNull, or } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, conservazioneReceipts, type ConservazioneMessage } from '@/db/schema';
import { logger } from '@/lib/logger';

/*
 * How a conservazione problem reaches people, the way the product already tells staff: an entry of the
 * system (no actor) in the audit log, which the CIT's registro lists by Ente and action; a warning in the
 * log for operations; and the counts of the Ente's dashboard («Da seguire») and of the CIT monitoring.
 * No e-mail yet (issue 14).
 */

export type ConservazioneAlert =
  /** A receipt refused by the conservatore (or by the portal: no original document). */
  | 'conservazione_rifiutata'
  /** A refusal of the configuration: the batch stopped. */
  | 'conservazione_configurazione_rifiutata'
  /** A receipt out of automatic attempts. */
  | 'conservazione_non_riuscita';

export async function raiseConservazioneAlert(
  db: Database,
  enteId: string,
  alert: ConservazioneAlert,
  receiptRowId: string | null,
  what: ConservazioneMessage,
): Promise<void> {
  logger.warn({ event: alert, enteId, receiptRowId, code: what.code }, what.message);
  await db.insert(auditLog).values({
    enteId,
    actorUserId: null,
    action: alert,
    targetType: receiptRowId ? 'ricevuta' : 'conservazione',
    targetId: receiptRowId ?? enteId,
    details: { code: what.code, message: what.message },
  });
}

/**
 * What the dashboards count as needing a person: receipts the conservatore refused, and failed ones out
 * of automatic attempts. Both wait for a «riprova» (or for a configuration change).
 */
export const toReviewCondition = or(
  eq(conservazioneReceipts.state, 'rejected'),
  and(eq(conservazioneReceipts.state, 'failed'), isNull(conservazioneReceipts.nextAttemptAt)),
)!;

/** The Ente's receipts to review (on conservazione_receipts_ente_state_seq_idx). */
export async function conservazioneToReview(db: Database, enteId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(conservazioneReceipts)
    .where(and(eq(conservazioneReceipts.enteId, enteId), inArray(conservazioneReceipts.state, ['rejected', 'failed']), toReviewCondition));
  return Number(row?.n ?? 0);
}
