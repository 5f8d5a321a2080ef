import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { positions } from '@/db/schema';
import type { EnteStaff } from '@/lib/auth/access';

export type StaffScope = Pick<EnteStaff, 'serviceIds'>;

/** Who acts, for the row and the audit log, with the services they may touch. */
export interface StaffActor extends StaffScope {
  userId: string;
  address: string;
}

/**
 * The positions a member of staff may see: always one Ente's, and for an operator limited to some
 * services only those services' (positions without a service are then out of reach too).
 */
export function positionsInScope(enteId: string, scope: StaffScope): SQL {
  if (scope.serviceIds === null) return eq(positions.enteId, enteId);
  if (scope.serviceIds.length === 0) return sql`false`;
  return and(eq(positions.enteId, enteId), inArray(positions.serviceId, scope.serviceIds))!;
}
