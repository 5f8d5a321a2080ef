import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, providerProfile, type ProviderProfile } from '@/db/schema';
import type { ProviderProfileData } from './schemas';

/** The provider's identity, or undefined on an installation that `npm run setup` has not prepared yet. */
export async function findProviderProfile(db: Database): Promise<ProviderProfile | undefined> {
  const [row] = await db.select().from(providerProfile).where(eq(providerProfile.id, 1));
  return row;
}

/** Creates or replaces the provider's identity, auditing before and after. */
export async function saveProviderProfile(
  db: Database,
  data: ProviderProfileData,
  actor: { userId: string | null; address?: string },
): Promise<ProviderProfile> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(providerProfile).where(eq(providerProfile.id, 1)).for('update');
    const values = { ...data, updatedBy: actor.userId, updatedAt: new Date() };
    const [after] = await tx
      .insert(providerProfile)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: providerProfile.id, set: values })
      .returning();
    await tx.insert(auditLog).values({
      enteId: null,
      actorUserId: actor.userId,
      action: before ? 'profilo_gestore_modificato' : 'profilo_gestore_creato',
      targetType: 'provider_profile',
      targetId: '1',
      details: { before: before ?? null, after: data },
      ip: actor.address?.slice(0, 45) ?? null,
    });
    return after!;
  });
}
