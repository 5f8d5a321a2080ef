import type { Database } from '@/db';
import { auditLog } from '@/db/schema';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Who changes the training calendar: a CIT staff member, or an Ente's admin (with their Ente). */
export interface TrainingActor {
  userId: string;
  enteId?: string;
  address?: string;
}

/** One audit_log row for a change to a session or a registration, in the change's transaction. */
export async function auditTraining(
  tx: Tx,
  actor: TrainingActor,
  action: string,
  sessionId: string,
  details: Record<string, unknown>,
  enteId: string | null = actor.enteId ?? null,
): Promise<void> {
  await tx.insert(auditLog).values({
    enteId,
    actorUserId: actor.userId,
    action,
    targetType: 'training_session',
    targetId: sessionId,
    details,
    ip: actor.address?.slice(0, 45) ?? null,
  });
}
