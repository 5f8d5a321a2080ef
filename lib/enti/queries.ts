import { and, asc, count, eq, isNotNull, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db';
import { enteColumns, enti, services, type Ente } from '@/db/schema';

/**
 * Whether an Ente serves citizens: active and with a partner tecnologico (the service page: the portal is
 * "operativo solo a valle della nomina … di un Partner tecnologico"). lib/onboarding/state.ts says the same
 * in code for one row.
 */
const serving = and(eq(enti.adhesionStatus, 'attivo'), isNotNull(enti.partner));

/** The Ente behind a portal subdomain, only while it serves citizens (active, with a partner). */
export async function findActiveEnteBySlug(db: Database, slug: string): Promise<Ente | undefined> {
  const [row] = await db
    .select(enteColumns)
    .from(enti)
    .where(and(eq(enti.slug, slug), serving))
    .limit(1);
  return row;
}

/**
 * The Ente behind a subdomain for its back office: in any state but ceased, since its admins prepare the
 * catalogue and staff before activation and keep working while it is suspended.
 */
export async function findBackOfficeEnteBySlug(db: Database, slug: string): Promise<Ente | undefined> {
  const [row] = await db
    .select(enteColumns)
    .from(enti)
    .where(and(eq(enti.slug, slug), ne(enti.adhesionStatus, 'cessato')))
    .limit(1);
  return row;
}

/** An Ente's state and partner by subdomain, whatever the state: the middleware's existence check. */
export async function findEnteStateBySlug(
  db: Database,
  slug: string,
): Promise<Pick<Ente, 'id' | 'adhesionStatus' | 'partner'> | undefined> {
  const [row] = await db
    .select({ id: enti.id, adhesionStatus: enti.adhesionStatus, partner: enti.partner })
    .from(enti)
    .where(eq(enti.slug, slug))
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
    .where(serving)
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

/** Every Ente's subdomain, state and partner: the site directory's rows (lib/tenancy/site-directory.ts). */
export async function listSiteStates(db: Database): Promise<Pick<Ente, 'id' | 'slug' | 'adhesionStatus' | 'partner'>[]> {
  return db.select({ id: enti.id, slug: enti.slug, adhesionStatus: enti.adhesionStatus, partner: enti.partner }).from(enti);
}

/** An Ente by id, whatever its state (the cached pages read it through lib/cache/page-data.ts). */
export async function findEnteById(db: Database, id: string): Promise<Ente | undefined> {
  const [row] = await db.select(enteColumns).from(enti).where(eq(enti.id, id)).limit(1);
  return row;
}
