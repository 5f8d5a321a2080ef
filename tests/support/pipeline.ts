import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, partnerInbox } from '@/db/schema';
import type { AcceptedReceipt } from '@/lib/payments/push-inbox';
import { sequenceBatch } from '@/lib/receipts-pipeline/sequencer';
import { drainPendingReceipts } from '@/lib/receipts-pipeline/trigger';

/** Appends every acknowledged receipt, as the sequencer does right after the acknowledgements. */
export async function drainSequencer(db: Database): Promise<void> {
  const left = await drainPendingReceipts(db);
  if (left > 0) throw new Error(`ricevute ancora in attesa per ${left} Enti`);
}

/**
 * Appends batch after batch (of `limit` entries, production's by default) the pending receipts of `enteIds`, as a
 * run of the sequencer does but without retrying busy Enti: how many entries were settled, or 'busy' when none was
 * and some Ente's right was held elsewhere.
 */
export async function sequenceEnti(db: Database, enteIds: readonly string[], limit?: number): Promise<number | 'busy'> {
  let total = 0;
  for (;;) {
    const { settled, busy, more } = await sequenceBatch(db, enteIds, limit);
    total += settled;
    if (!more) return total === 0 && busy.length > 0 ? 'busy' : total;
  }
}

/**
 * What an acknowledged push came to once sequenced, in the words the endpoints used to answer with:
 * receipt_created, duplicate, anomaly:<kind> or rejected.
 */
export async function settledOutcome(db: Database, inboxId: number): Promise<string> {
  const [entry] = await db
    .select({ outcome: partnerInbox.outcome, pending: partnerInbox.pendingReceipt })
    .from(partnerInbox)
    .where(eq(partnerInbox.id, inboxId));
  if (!entry || entry.pending || !entry.outcome) throw new Error(`voce ${inboxId} non ancora elaborata`);
  if (entry.outcome !== 'anomaly') return entry.outcome;
  const [anomaly] = await db.select({ kind: anomalies.kind }).from(anomalies).where(eq(anomalies.inboxId, inboxId));
  return `anomaly:${anomaly!.kind}`;
}

/** Drains the sequencer, then the outcome of a push an endpoint accepted (throws if it refused it). */
export async function sequencedOutcome(db: Database, answer: { accepted?: AcceptedReceipt }): Promise<string> {
  if (!answer.accepted) throw new Error(`notifica non accettata: ${JSON.stringify(answer)}`);
  await drainSequencer(db);
  return settledOutcome(db, answer.accepted.inboxId);
}
