import { and, asc, count, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db';
import { enteColumns, enti, services, type Ente } from '@/db/schema';

/** The Ente behind a portal subdomain, only while its adhesion is active. */
export async function findActiveEnteBySlug(db: Database, slug: string): Promise<Ente | undefined> {
  const [row] = await db
    .select(enteColumns)
    .from(enti)
    .where(and(eq(enti.slug, slug), eq(enti.adhesionStatus, 'attivo')))
    .limit(1);
  return row;
}

export interface ActiveEnteSummary {
  slug: string;
  name: string;
  kind: Ente['kind'];
  primaryColor: string | null;
  logoUrl: string | null;
  logoMime: string | null;
  updatedAt: Date;
  parentName: string | null;
  serviceCount: number;
}

/** The provincial home's directory: active Enti, alphabetical, with their Unione/CM and catalogue size. */
export async function listActiveEnti(db: Database): Promise<ActiveEnteSummary[]> {
  const parent = alias(enti, 'parent');
  return db
    .select({
      slug: enti.slug,
      name: enti.name,
      kind: enti.kind,
      primaryColor: enti.primaryColor,
      logoUrl: enti.logoUrl,
      logoMime: enti.logoMime,
      updatedAt: enti.updatedAt,
      parentName: parent.name,
      serviceCount: count(services.id),
    })
    .from(enti)
    .leftJoin(parent, eq(parent.id, enti.parentId))
    .leftJoin(services, and(eq(services.enteId, enti.id), eq(services.active, true)))
    .where(eq(enti.adhesionStatus, 'attivo'))
    .groupBy(enti.id, parent.name)
    .orderBy(asc(enti.name));
}

/** The Unione or Comunità Montana an Ente belongs to, if it is active too. */
export async function findActiveParent(db: Database, ente: Pick<Ente, 'parentId'>): Promise<Pick<Ente, 'slug' | 'name'> | undefined> {
  if (!ente.parentId) return undefined;
  const [row] = await db
    .select({ slug: enti.slug, name: enti.name })
    .from(enti)
    .where(and(eq(enti.id, ente.parentId), eq(enti.adhesionStatus, 'attivo')));
  return row;
}
