import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, services, type Position } from '@/db/schema';

/*
 * A position shows the title its service had when it was issued (positions.service_title), never the
 * one it has now: renaming a service must not change notices, receipts or exports already out. The
 * service's current title is only the fallback for a row without one (written by an instance that
 * predates the column, during a rolling deploy), so the readers keep their join to services.
 */

/** The position's service title in a query that left-joins services on positions.service_id. */
export const positionServiceTitle = sql<string | null>`coalesce(${positions.serviceTitle}, ${services.title})`;

/** The same for a position already read; the fallback lookup is scoped by its Ente like every other. */
export async function serviceTitleOf(
  db: Database,
  position: Pick<Position, 'enteId' | 'serviceId' | 'serviceTitle'>,
): Promise<string | null> {
  if (position.serviceTitle !== null || position.serviceId === null) return position.serviceTitle;
  const [row] = await db
    .select({ title: services.title })
    .from(services)
    .where(and(eq(services.enteId, position.enteId), eq(services.id, position.serviceId)))
    .limit(1);
  return row?.title ?? null;
}
