import { and, asc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import { adhesions, trainingRegistrations, trainingSessions } from '@/db/schema';
import type { Tx } from './audit';

export interface TrainingStep {
  completedAt: Date | null;
  sessionId: string | null;
}

/**
 * Recomputes the Ente's "training of the referente" onboarding step from recorded attendance: the earliest
 * session (not cancelled) attended by the appointed referente completes it, dated at the session's start.
 * Until a referente account is appointed, any of the Ente's staff attending counts: they are the people
 * the Ente sent, and the onboarding should not wait for the appointment to record training already done.
 * Answers the step before and after. The adhesion row is created when missing (Enti seeded before it).
 */
export async function syncTrainingStep(tx: Tx, enteId: string): Promise<{ before: TrainingStep; after: TrainingStep }> {
  await tx.insert(adhesions).values({ enteId }).onConflictDoNothing();
  const [adhesion] = await tx
    .select({
      referenteUserId: adhesions.referenteUserId,
      completedAt: adhesions.trainingCompletedAt,
      sessionId: adhesions.trainingSessionId,
    })
    .from(adhesions)
    .where(eq(adhesions.enteId, enteId))
    .for('update');
  const before: TrainingStep = { completedAt: adhesion!.completedAt, sessionId: adhesion!.sessionId };
  const [first] = await tx
    .select({ sessionId: trainingSessions.id, startsAt: trainingSessions.startsAt })
    .from(trainingRegistrations)
    .innerJoin(trainingSessions, eq(trainingSessions.id, trainingRegistrations.sessionId))
    .where(
      and(
        eq(trainingRegistrations.enteId, enteId),
        isNotNull(trainingRegistrations.attendedAt),
        isNull(trainingSessions.cancelledAt),
        adhesion!.referenteUserId ? eq(trainingRegistrations.userId, adhesion!.referenteUserId) : sql`true`,
      ),
    )
    .orderBy(asc(trainingSessions.startsAt))
    .limit(1);
  const after: TrainingStep = { completedAt: first?.startsAt ?? null, sessionId: first?.sessionId ?? null };
  if (before.sessionId !== after.sessionId || before.completedAt?.getTime() !== after.completedAt?.getTime()) {
    await tx
      .update(adhesions)
      .set({ trainingCompletedAt: after.completedAt, trainingSessionId: after.sessionId })
      .where(eq(adhesions.enteId, enteId));
  }
  return { before, after };
}
