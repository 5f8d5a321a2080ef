import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, enti } from '@/db/schema';

export type SharedReferenteOutcome = 'saved' | 'not_found' | 'not_a_group';

/**
 * Records whether an Unione or Comunità Montana shares the single project referente with its member Comuni
 * (the service page's multi-ente condition). The members' own flag follows, so that the column means what
 * the schema says for every Ente; fees read a Comune's condition from its Unione/CM (lib/billing/queries.ts).
 */
export async function setSharedReferente(
  db: Database,
  input: { enteId: string; shared: boolean },
  actor: { userId: string; address: string },
): Promise<SharedReferenteOutcome> {
  return db.transaction(async (tx) => {
    const [group] = await tx
      .select({ id: enti.id, kind: enti.kind, before: enti.sharedReferente })
      .from(enti)
      .where(eq(enti.id, input.enteId))
      .for('update');
    if (!group) return 'not_found';
    if (group.kind !== 'unione' && group.kind !== 'comunita_montana') return 'not_a_group';
    const now = new Date();
    await tx.update(enti).set({ sharedReferente: input.shared, updatedAt: now }).where(eq(enti.id, group.id));
    const members = await tx
      .update(enti)
      .set({ sharedReferente: input.shared, updatedAt: now })
      .where(and(eq(enti.parentId, group.id), eq(enti.kind, 'comune')))
      .returning({ slug: enti.slug });
    await tx.insert(auditLog).values({
      enteId: group.id,
      actorUserId: actor.userId,
      action: 'referente_condiviso_modificato',
      targetType: 'ente',
      targetId: group.id,
      details: { before: group.before, after: input.shared, members: members.map((m) => m.slug) },
      ip: actor.address.slice(0, 45),
    });
    return 'saved';
  });
}
