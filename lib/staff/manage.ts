import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, memberships, membershipServices, services, users } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import type { EnteRole } from '@/lib/auth/users';
import type { z } from 'zod';
import type { inviteStaffInput, removeStaffInput, updateStaffInput } from './schemas';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface StaffActor {
  enteId: string;
  userId: string;
  address?: string;
}

const NOT_A_MEMBER = 'Questa persona non fa parte del personale dell’Ente.';
const LAST_ADMIN = 'L’Ente deve avere almeno un amministratore: nomina prima un altro amministratore.';

/**
 * Locks the Ente's memberships for the rest of the transaction, so that two admins demoting each other at
 * the same moment cannot leave the Ente with none, and answers the target's current membership.
 */
async function lockStaff(tx: Tx, enteId: string, userId: string) {
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role, disabledAt: users.disabledAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.enteId, enteId))
    .for('update', { of: memberships });
  const target = rows.find((r) => r.userId === userId);
  if (!target) throw new ActionError(NOT_A_MEMBER);
  const otherAdmins = rows.filter((r) => r.userId !== userId && r.role === 'ente_admin' && r.disabledAt === null).length;
  const serviceIds = (
    await tx
      .select({ id: membershipServices.serviceId })
      .from(membershipServices)
      .where(and(eq(membershipServices.enteId, enteId), eq(membershipServices.userId, userId)))
  ).map((r) => r.id);
  return { role: target.role, serviceIds, otherAdmins };
}

/** Limits an operator to `serviceIds` (all of this Ente's), or to nothing for every other role. */
async function setScope(tx: Tx, enteId: string, userId: string, role: EnteRole, serviceIds: string[]): Promise<string[]> {
  const scope = role === 'ente_operator' ? serviceIds : [];
  if (scope.length > 0) {
    const known = await tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.enteId, enteId), inArray(services.id, scope)));
    if (known.length !== scope.length) throw new ActionError('Uno dei servizi scelti non esiste più: ricarica la pagina.');
  }
  await tx.delete(membershipServices).where(and(eq(membershipServices.enteId, enteId), eq(membershipServices.userId, userId)));
  if (scope.length > 0) await tx.insert(membershipServices).values(scope.map((serviceId) => ({ userId, enteId, serviceId })));
  return scope;
}

async function audit(tx: Tx, actor: StaffActor, action: string, targetUserId: string, details: Record<string, unknown>) {
  await tx.insert(auditLog).values({
    enteId: actor.enteId,
    actorUserId: actor.userId,
    action,
    targetType: 'user',
    targetId: targetUserId,
    details,
    ip: actor.address?.slice(0, 45) ?? null,
  });
}

/**
 * Adds a person to the Ente's staff by fiscal code: the account is created when the fiscal code is new
 * (they will sign in with SPID or CIE), otherwise the existing one gets the membership. Its name and
 * e-mail are then left alone: the account may be someone's at other Enti too.
 */
export async function inviteStaff(db: Database, actor: StaffActor, input: z.output<typeof inviteStaffInput>): Promise<{ userId: string }> {
  return db.transaction(async (tx) => {
    let [user] = await tx
      .select({ id: users.id, disabledAt: users.disabledAt })
      .from(users)
      .where(eq(users.fiscalCode, input.fiscalCode))
      .limit(1);
    const created = !user;
    if (!user) {
      if (input.email) {
        const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email)).limit(1);
        if (taken)
          throw new ActionError('Alcuni dati non sono corretti.', {
            email: 'Questo indirizzo è già usato da un altro account: lascialo vuoto.',
          });
      }
      [user] = await tx
        .insert(users)
        .values({ fiscalCode: input.fiscalCode, fullName: input.fullName, email: input.email })
        .returning({ id: users.id, disabledAt: users.disabledAt });
    }
    if (user!.disabledAt) throw new ActionError('L’account di questa persona è disattivato: chiedi al centro servizi di riattivarlo.');
    const added = await tx
      .insert(memberships)
      .values({ userId: user!.id, enteId: actor.enteId, role: input.role })
      .onConflictDoNothing()
      .returning({ userId: memberships.userId });
    if (added.length === 0) throw new ActionError('Questa persona fa già parte del personale: cambia il suo ruolo dall’elenco.');
    const scope = await setScope(tx, actor.enteId, user!.id, input.role, input.serviceIds);
    await audit(tx, actor, 'personale_aggiunto', user!.id, {
      fiscalCode: input.fiscalCode,
      role: input.role,
      serviceIds: scope,
      newAccount: created,
    });
    return { userId: user!.id };
  });
}

/** Changes a member's role and the services an operator is limited to; the Ente always keeps an admin. */
export async function updateStaff(db: Database, actor: StaffActor, input: z.output<typeof updateStaffInput>): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockStaff(tx, actor.enteId, input.userId);
    if (before.role === 'ente_admin' && input.role !== 'ente_admin' && before.otherAdmins === 0) throw new ActionError(LAST_ADMIN);
    await tx
      .update(memberships)
      .set({ role: input.role })
      .where(and(eq(memberships.enteId, actor.enteId), eq(memberships.userId, input.userId)));
    const scope = await setScope(tx, actor.enteId, input.userId, input.role, input.serviceIds);
    await audit(tx, actor, 'personale_modificato', input.userId, {
      before: { role: before.role, serviceIds: before.serviceIds },
      after: { role: input.role, serviceIds: scope },
    });
  });
}

/** Removes a member from this Ente (their account stays: it may serve other Enti); never the last admin. */
export async function removeStaff(db: Database, actor: StaffActor, input: z.output<typeof removeStaffInput>): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await lockStaff(tx, actor.enteId, input.userId);
    if (before.role === 'ente_admin' && before.otherAdmins === 0) throw new ActionError(LAST_ADMIN);
    await tx.delete(memberships).where(and(eq(memberships.enteId, actor.enteId), eq(memberships.userId, input.userId)));
    await audit(tx, actor, 'personale_rimosso', input.userId, { before: { role: before.role, serviceIds: before.serviceIds } });
  });
}
