import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { memberships, membershipServices, services, users, type Service } from '@/db/schema';
import { mayManageService, type EnteStaff } from '@/lib/auth/access';

type Scope = Pick<EnteStaff, 'role' | 'serviceIds'>;

/** Every service of the Ente (active or not) this member of staff may manage, in the citizen page's order. */
export async function listManageableServices(db: Database, enteId: string, staff: Scope): Promise<Service[]> {
  const rows = await db.select().from(services).where(eq(services.enteId, enteId)).orderBy(asc(services.sortOrder), asc(services.title));
  return rows.filter((s) => mayManageService(staff, s.id));
}

/** One service by code, only if it is this Ente's and within the staff member's scope. */
export async function findManageableService(db: Database, enteId: string, code: string, staff: Scope): Promise<Service | undefined> {
  const [row] = await db
    .select()
    .from(services)
    .where(and(eq(services.enteId, enteId), eq(services.code, code)))
    .limit(1);
  return row && mayManageService(staff, row.id) ? row : undefined;
}

export interface ServiceOperator {
  userId: string;
  fullName: string;
  /** False: no limits, the operator manages every service (membership_services has no row for them). */
  scoped: boolean;
  managesService: boolean;
}

/** The Ente's operators and whether each manages this service, for the admin's assignment form. */
export async function listServiceOperators(db: Database, enteId: string, serviceId: string): Promise<ServiceOperator[]> {
  const operators = await db
    .select({ userId: users.id, fullName: users.fullName })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.enteId, enteId), eq(memberships.role, 'ente_operator')))
    .orderBy(asc(users.fullName));
  const grants = await db
    .select({ userId: membershipServices.userId, serviceId: membershipServices.serviceId })
    .from(membershipServices)
    .where(eq(membershipServices.enteId, enteId));
  return operators.map((o) => {
    const own = grants.filter((g) => g.userId === o.userId);
    return { ...o, scoped: own.length > 0, managesService: own.length === 0 || own.some((g) => g.serviceId === serviceId) };
  });
}
