import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { memberships, membershipServices, services, users } from '@/db/schema';
import type { EnteRole } from '@/lib/auth/users';

export interface StaffMember {
  userId: string;
  fullName: string;
  fiscalCode: string | null;
  email: string | null;
  role: EnteRole;
  /** The services an operator is limited to; empty: every service. */
  serviceIds: string[];
  lastLoginAt: Date | null;
  disabled: boolean;
}

/** The Ente's staff, by name, with each operator's services. */
export async function listStaff(db: Database, enteId: string): Promise<StaffMember[]> {
  const rows = await db
    .select({
      userId: users.id,
      fullName: users.fullName,
      fiscalCode: users.fiscalCode,
      email: users.email,
      role: memberships.role,
      lastLoginAt: users.lastLoginAt,
      disabledAt: users.disabledAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.enteId, enteId))
    .orderBy(asc(users.fullName), asc(users.id));
  const scopes = await db
    .select({ userId: membershipServices.userId, serviceId: membershipServices.serviceId })
    .from(membershipServices)
    .where(eq(membershipServices.enteId, enteId));
  return rows.map(({ disabledAt, ...row }) => ({
    ...row,
    disabled: disabledAt !== null,
    serviceIds: scopes.filter((s) => s.userId === row.userId).map((s) => s.serviceId),
  }));
}

/** Every service of the Ente, active or not, that an operator may be limited to. */
export async function listScopeChoices(db: Database, enteId: string): Promise<{ id: string; title: string; active: boolean }[]> {
  return db
    .select({ id: services.id, title: services.title, active: services.active })
    .from(services)
    .where(eq(services.enteId, enteId))
    .orderBy(asc(services.title));
}
