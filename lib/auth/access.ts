import { and, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, membershipServices } from '@/db/schema';
import { findEnteRole, findPlatformRole, type EnteRole, type PlatformRole, type StaffIdentity } from './users';

/** The nil UUID: no user has it, so a session without a staff account (a citizen) is refused like any non-member. */
export const NO_ACCOUNT = '00000000-0000-0000-0000-000000000000';

export type AccessDecision<R> = { kind: 'login' } | { kind: 'forbidden' } | { kind: 'ok'; staff: StaffIdentity & { role: R } };

/** Staff of an Ente with the services an operator is limited to (null: every service of the Ente). */
export type EnteStaff = StaffIdentity & { role: EnteRole; serviceIds: string[] | null };

/** May this user (if any) act in this Ente's back office with one of these roles? */
export async function decideEnteAccess(
  db: Database,
  userId: string | undefined,
  enteId: string,
  allowed: readonly EnteRole[],
): Promise<{ kind: 'login' } | { kind: 'forbidden' } | { kind: 'ok'; staff: EnteStaff }> {
  if (!userId) return { kind: 'login' };
  const staff = await findEnteRole(db, userId, enteId);
  if (!staff || !allowed.includes(staff.role)) return { kind: 'forbidden' };
  const scoped =
    staff.role === 'ente_operator'
      ? await db
          .select({ serviceId: membershipServices.serviceId })
          .from(membershipServices)
          .where(and(eq(membershipServices.userId, userId), eq(membershipServices.enteId, enteId)))
      : [];
  return { kind: 'ok', staff: { ...staff, serviceIds: scoped.length > 0 ? scoped.map((r) => r.serviceId) : null } };
}

/** Whether this member of the Ente's staff may manage this service (admins always; operators unless limited). */
export function mayManageService(staff: Pick<EnteStaff, 'role' | 'serviceIds'>, serviceId: string): boolean {
  if (staff.role === 'ente_admin') return true;
  if (staff.role !== 'ente_operator') return false;
  return staff.serviceIds === null || staff.serviceIds.includes(serviceId);
}

/** May this user (if any) act in the CIT dashboard with one of these roles? */
export async function decideCitAccess(
  db: Database,
  userId: string | undefined,
  allowed: readonly PlatformRole[],
): Promise<AccessDecision<PlatformRole>> {
  if (!userId) return { kind: 'login' };
  const staff = await findPlatformRole(db, userId);
  return staff && allowed.includes(staff.role) ? { kind: 'ok', staff } : { kind: 'forbidden' };
}

export interface Refusal {
  /** The Ente whose back office was asked for; null for the CIT dashboard. */
  enteId: string | null;
  userId?: string;
  fiscalCode?: string;
  /** What was asked for: method and path, or the server action's name. */
  what: string;
  required: readonly string[];
  address: string;
}

/** Every refused access by a signed-in person is audited: who, what, when, from where. */
export async function recordRefusal(db: Database, refusal: Refusal): Promise<void> {
  await db.insert(auditLog).values({
    enteId: refusal.enteId,
    actorUserId: refusal.userId ?? null,
    action: 'accesso_negato',
    targetType: 'risorsa',
    targetId: refusal.what.slice(0, 64),
    details: { what: refusal.what, required: [...refusal.required], fiscalCode: refusal.fiscalCode ?? null },
    ip: refusal.address.slice(0, 45),
  });
}
