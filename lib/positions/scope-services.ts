import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { services, type Service } from '@/db/schema';
import type { StaffScope } from './staff-scope';

/** The Ente's services this member of staff may work on (for filters and the counter form), in catalogue order. */
export async function servicesInScope(db: Database, enteId: string, scope: StaffScope): Promise<Service[]> {
  if (scope.serviceIds?.length === 0) return [];
  return db
    .select()
    .from(services)
    .where(and(eq(services.enteId, enteId), scope.serviceIds ? inArray(services.id, scope.serviceIds) : undefined))
    .orderBy(asc(services.sortOrder), asc(services.title));
}
