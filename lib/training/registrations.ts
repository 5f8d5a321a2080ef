import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { trainingRegistrations } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { auditTraining, type TrainingActor } from './audit';
import { lockSession, registeredCount } from './sessions';

/**
 * An Ente's admin registers themselves to an upcoming session. The session row is locked first, so two
 * people asking for the last seat at once are counted one after the other: one gets it, the other is told.
 */
export async function registerToSession(
  db: Database,
  actor: TrainingActor & { enteId: string },
  sessionId: string,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (session.cancelledAt) throw new ActionError('La sessione è stata annullata.');
    if (session.startsAt.getTime() <= now.getTime()) throw new ActionError('La sessione è già iniziata: le iscrizioni sono chiuse.');
    const [already] = await tx
      .select({ userId: trainingRegistrations.userId })
      .from(trainingRegistrations)
      .where(and(eq(trainingRegistrations.sessionId, sessionId), eq(trainingRegistrations.userId, actor.userId)));
    if (already) throw new ActionError('Sei già iscritto a questa sessione.');
    if ((await registeredCount(tx, sessionId)) >= session.seats) throw new ActionError('I posti sono esauriti: scegli un’altra sessione.');
    await tx.insert(trainingRegistrations).values({ sessionId, userId: actor.userId, enteId: actor.enteId, registeredAt: now });
    await auditTraining(tx, actor, 'formazione_iscrizione', sessionId, { title: session.title });
  });
}

/** The admin withdraws their own registration, until the session starts. */
export async function unregisterFromSession(
  db: Database,
  actor: TrainingActor & { enteId: string },
  sessionId: string,
  now = new Date(),
): Promise<void> {
  await db.transaction(async (tx) => {
    const session = await lockSession(tx, sessionId);
    if (session.startsAt.getTime() <= now.getTime())
      throw new ActionError('La sessione è già iniziata: l’iscrizione non si può più ritirare.');
    const removed = await tx
      .delete(trainingRegistrations)
      .where(
        and(
          eq(trainingRegistrations.sessionId, sessionId),
          eq(trainingRegistrations.userId, actor.userId),
          eq(trainingRegistrations.enteId, actor.enteId),
        ),
      )
      .returning({ userId: trainingRegistrations.userId });
    if (removed.length === 0) throw new ActionError('Non risulti iscritto a questa sessione.');
    await auditTraining(tx, actor, 'formazione_iscrizione_ritirata', sessionId, { title: session.title });
  });
}
