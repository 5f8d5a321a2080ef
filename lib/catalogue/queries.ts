import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { services, type Service } from '@/db/schema';

/** Active services of one Ente in the order staff set (sort order, then title). Tenant-scoped: the Ente id is mandatory. */
export async function listActiveServices(db: Database, enteId: string): Promise<Service[]> {
  return db
    .select()
    .from(services)
    .where(and(eq(services.enteId, enteId), eq(services.active, true)))
    .orderBy(asc(services.sortOrder), asc(services.title));
}

export async function findActiveService(db: Database, enteId: string, code: string): Promise<Service | undefined> {
  const [row] = await db
    .select()
    .from(services)
    .where(and(eq(services.enteId, enteId), eq(services.code, code), eq(services.active, true)))
    .limit(1);
  return row;
}

/** The code of every active service of every Ente: the site directory's other half. */
export async function listActiveServiceCodes(db: Database): Promise<{ enteId: string; code: string }[]> {
  return db.select({ enteId: services.enteId, code: services.code }).from(services).where(eq(services.active, true));
}
