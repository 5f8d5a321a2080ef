import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, conservazioneConfigs, conservazioneReceipts } from '@/db/schema';
import { isUuid } from '@/lib/validation/ids';
import type { ConservazioneActor } from './ente-config';
import { requestConservazioneRun, type RunRequest } from './schedule';

/*
 * What staff may ask of the job: run now, and send again one receipt that was refused (or that ran out of
 * automatic attempts) once its cause has been fixed. Both audited, both scoped by the Ente.
 */

async function audit(db: Database, actor: ConservazioneActor, enteId: string, action: string, target: { type: string; id: string }) {
  await db.insert(auditLog).values({
    enteId,
    actorUserId: actor.userId,
    action,
    targetType: target.type,
    targetId: target.id,
    details: { tramite: actor.via },
    ip: actor.address.slice(0, 45),
  });
}

export type RunNowOutcome = RunRequest | 'inactive';

/** «Esegui ora»: queues the Ente's run, unless conservazione is not configured and on. */
export async function runConservazioneNow(db: Database, actor: ConservazioneActor, enteId: string): Promise<RunNowOutcome> {
  const [config] = await db
    .select({ conservatore: conservazioneConfigs.conservatore, enabled: conservazioneConfigs.enabled })
    .from(conservazioneConfigs)
    .where(eq(conservazioneConfigs.enteId, enteId));
  if (!config || config.conservatore === 'none' || !config.enabled) return 'inactive';
  const outcome = await requestConservazioneRun(db, enteId);
  if (outcome === 'queued') await audit(db, actor, enteId, 'conservazione_avviata', { type: 'conservazione', id: enteId });
  return outcome;
}

export type RetryOutcome = 'requeued' | 'not_retryable' | 'not_found';

/**
 * «Riprova»: a rejected receipt, or a failed one out of automatic attempts, goes back to pending and a run
 * is queued. A receipt being sent, preserved or exported is `not_retryable`; another Ente's is `not_found`.
 */
export async function retryConservazioneReceipt(
  db: Database,
  actor: ConservazioneActor,
  enteId: string,
  receiptRowId: string,
): Promise<RetryOutcome> {
  if (!isUuid(receiptRowId)) return 'not_found';
  const own = and(eq(conservazioneReceipts.receiptRowId, receiptRowId), eq(conservazioneReceipts.enteId, enteId));
  const [updated] = await db
    .update(conservazioneReceipts)
    .set({ state: 'pending', attempts: 0, nextAttemptAt: null, updatedAt: new Date() })
    .where(and(own, inArray(conservazioneReceipts.state, ['rejected', 'failed'])))
    .returning({ id: conservazioneReceipts.receiptRowId });
  if (!updated) {
    const [exists] = await db.select({ id: conservazioneReceipts.receiptRowId }).from(conservazioneReceipts).where(own);
    return exists ? 'not_retryable' : 'not_found';
  }
  await audit(db, actor, enteId, 'conservazione_riprovata', { type: 'ricevuta', id: receiptRowId });
  await requestConservazioneRun(db, enteId);
  return 'requeued';
}
