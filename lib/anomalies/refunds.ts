import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, auditLog, positions, refunds, type Refund } from '@/db/schema';
import { formatDate } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { positionOfAnomaly, scopeConditions, type AnomalyScope } from './queries';
import { REFUND_METHOD_LABELS } from './schemas';

export interface RefundInput {
  anomalyId: string;
  method: Refund['method'];
  reference: string;
  amountCents: number;
  /** The day the money went back, `AAAA-MM-GG`. */
  refundedOn: string;
  note: string | null;
  actorUserId: string;
  /** The client's address; null when no request made the refund (the demo seed). */
  address: string | null;
}

/** `more_than_collected` carries what the anomaly's receipt collected, the most that can go back. */
export type RefundOutcome =
  | { kind: 'recorded'; refundId: string }
  | { kind: 'already_resolved' }
  | { kind: 'not_found' }
  | { kind: 'more_than_collected'; collectedCents: number };

/** The resolution note of a refunded anomaly: the list shows it like any other. */
function resolutionNote(input: RefundInput): string {
  const summary = `Rimborso (${REFUND_METHOD_LABELS[input.method].toLowerCase()}) di ${formatEuro(input.amountCents)} il ${formatDate(input.refundedOn)}, riferimento ${input.reference}`;
  return input.note ? `${summary}\n${input.note}` : summary;
}

/**
 * Records the refund of an open anomaly of the scope and resolves the anomaly with it, audited, in one
 * transaction. Never more than its receipt collected. A second refund of the same anomaly (a double click,
 * two admins at once) records nothing: the first stays.
 */
export async function recordRefund(db: Database, scope: AnomalyScope, input: RefundInput): Promise<RefundOutcome> {
  return db.transaction(async (tx) => {
    const [found] = await tx
      .select({ kind: anomalies.kind, amountCents: anomalies.amountCents, resolvedAt: anomalies.resolvedAt })
      .from(anomalies)
      .leftJoin(positions, positionOfAnomaly)
      .where(and(eq(anomalies.id, input.anomalyId), ...scopeConditions(scope)));
    if (!found) return { kind: 'not_found' };
    if (found.resolvedAt) return { kind: 'already_resolved' };
    if (found.amountCents !== null && input.amountCents > found.amountCents)
      return { kind: 'more_than_collected', collectedCents: found.amountCents };
    const [resolved] = await tx
      .update(anomalies)
      .set({ resolvedAt: new Date(), resolvedBy: input.actorUserId, resolutionNote: resolutionNote(input) })
      .where(and(eq(anomalies.id, input.anomalyId), eq(anomalies.enteId, scope.enteId), isNull(anomalies.resolvedAt)))
      .returning({ id: anomalies.id });
    if (!resolved) return { kind: 'already_resolved' };
    const [refund] = await tx
      .insert(refunds)
      .values({
        enteId: scope.enteId,
        anomalyId: input.anomalyId,
        method: input.method,
        reference: input.reference,
        amountCents: input.amountCents,
        refundedOn: input.refundedOn,
        note: input.note,
        recordedBy: input.actorUserId,
      })
      .returning({ id: refunds.id });
    await tx.insert(auditLog).values({
      enteId: scope.enteId,
      actorUserId: input.actorUserId,
      action: 'rimborso_registrato',
      targetType: 'anomalia',
      targetId: input.anomalyId,
      details: {
        kind: found.kind,
        refundId: refund!.id,
        method: input.method,
        reference: input.reference,
        amountCents: input.amountCents,
        refundedOn: input.refundedOn,
      },
      ip: input.address?.slice(0, 45) ?? null,
    });
    return { kind: 'recorded', refundId: refund!.id };
  });
}
