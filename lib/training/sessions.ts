import { and, count, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { trainingRegistrations, trainingSessions } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { auditTraining, type TrainingActor, type Tx } from './audit';
import { syncTrainingStep } from './onboarding-step';
import type { TrainingSessionData } from './schemas';

const NOT_FOUND = 'Questa sessione di formazione non esiste più: ricarica la pagina.';
const CANCELLED = 'La sessione è stata annullata: non si può più modificare.';

/** The session, locked for the rest of the transaction: registrations and edits of one session go one at a time. */
export async function lockSession(tx: Tx, sessionId: string) {
  const [session] = await tx.select().from(trainingSessions).where(eq(trainingSessions.id, sessionId)).for('update');
  if (!session) throw new ActionError(NOT_FOUND);
  return session;
}

export async function registeredCount(tx: Tx, sessionId: string): Promise<number> {
  const [row] = await tx.select({ n: count() }).from(trainingRegistrations).where(eq(trainingRegistrations.sessionId, sessionId));
  return row?.n ?? 0;
}

const inThePast = (date: Date, now: Date) => date.getTime() <= now.getTime();

/** The CIT schedules a session; it must be in the future. */
export async function scheduleSession(
  db: Database,
  actor: TrainingActor,
  data: TrainingSessionData,
  now = new Date(),
): Promise<{ id: string }> {
  if (inThePast(data.startsAt, now))
    throw new ActionError('Alcuni dati non sono corretti.', { startsAt: 'La data è già passata: scegline una futura.' });
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(trainingSessions)
      .values({ ...data, createdBy: actor.userId })
      .returning({ id: trainingSessions.id });
    await auditTraining(tx, actor, 'formazione_programmata', created!.id, { ...data, startsAt: data.startsAt.toISOString() });
    return created!;
  });
}

/** Edits a session not started nor cancelled; the seats never drop below the people already registered. */
export async function updateSession(
  db: Database,
  actor: TrainingActor,
  input: { id: string; session: TrainingSessionData },
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockSession(tx, input.id);
    if (before.cancelledAt) throw new ActionError(CANCELLED);
    if (inThePast(before.startsAt, now)) throw new ActionError('La sessione è già iniziata: non si può più modificare.');
    const data = input.session;
    if (inThePast(data.startsAt, now))
      throw new ActionError('Alcuni dati non sono corretti.', { startsAt: 'La data è già passata: scegline una futura.' });
    const registered = await registeredCount(tx, input.id);
    if (data.seats < registered)
      throw new ActionError('Alcuni dati non sono corretti.', {
        seats: `Sono già iscritte ${registered} persone: i posti non possono essere meno.`,
      });
    await tx.update(trainingSessions).set(data).where(eq(trainingSessions.id, input.id));
    const { id: _id, createdAt: _c, createdBy: _b, cancelledAt: _x, ...was } = before;
    await auditTraining(tx, actor, 'formazione_modificata', input.id, {
      before: { ...was, startsAt: was.startsAt.toISOString() },
      after: { ...data, startsAt: data.startsAt.toISOString() },
    });
  });
}

/** Cancels a session that has not started yet; its registrations stay, so the Enti see it was cancelled. */
export async function cancelSession(db: Database, actor: TrainingActor, sessionId: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (session.cancelledAt) throw new ActionError('La sessione è già annullata.');
    if (inThePast(session.startsAt, now)) throw new ActionError('La sessione è già iniziata: non si può annullare. Registra le presenze.');
    await tx.update(trainingSessions).set({ cancelledAt: now }).where(eq(trainingSessions.id, sessionId));
    await auditTraining(tx, actor, 'formazione_annullata', sessionId, {
      title: session.title,
      registered: await registeredCount(tx, sessionId),
    });
  });
}

/**
 * Records whether a registered person attended (present) or not (absent: attended_at stays empty, recorded_by
 * says it was recorded). Attendance of the Ente's referente completes the onboarding step (onboarding-step.ts).
 */
export async function recordAttendance(
  db: Database,
  actor: TrainingActor,
  input: { sessionId: string; userId: string; present: boolean },
  now = new Date(),
): Promise<{ stepCompleted: boolean }> {
  return db.transaction(async (tx) => {
    const session = await lockSession(tx, input.sessionId);
    if (session.cancelledAt) throw new ActionError(CANCELLED);
    if (!inThePast(session.startsAt, now)) throw new ActionError('Le presenze si registrano dall’inizio della sessione.');
    const [registration] = await tx
      .update(trainingRegistrations)
      .set({ attendedAt: input.present ? now : null, recordedBy: actor.userId })
      .where(and(eq(trainingRegistrations.sessionId, input.sessionId), eq(trainingRegistrations.userId, input.userId)))
      .returning({ enteId: trainingRegistrations.enteId });
    if (!registration) throw new ActionError('Questa persona non è iscritta alla sessione: ricarica la pagina.');
    const step = await syncTrainingStep(tx, registration.enteId);
    await auditTraining(
      tx,
      actor,
      'formazione_presenza',
      input.sessionId,
      {
        userId: input.userId,
        present: input.present,
        trainingStep: {
          before: { completedAt: step.before.completedAt?.toISOString() ?? null, sessionId: step.before.sessionId },
          after: { completedAt: step.after.completedAt?.toISOString() ?? null, sessionId: step.after.sessionId },
        },
      },
      registration.enteId,
    );
    return { stepCompleted: step.after.sessionId !== null };
  });
}
