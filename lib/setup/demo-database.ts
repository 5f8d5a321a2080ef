import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { DEMO_ENTI } from '@/db/seed/enti';
import { rowsOf } from '@/lib/jobs/queue';

/**
 * Whether a database holds only the local demo, so that `npm run db:reset` may drop it: an empty or
 * unmigrated database, or one whose provider is the demo's (or, before the provider's identity existed,
 * whose Enti are all demo Enti). Anything else could be someone's real data.
 */
export async function isDemoDatabase(db: Database): Promise<boolean> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select table_name as "name" from information_schema.tables where table_schema = 'public'`),
  ).map((r) => r.name);
  if (tables.includes('provider_profile')) {
    const [profile] = rowsOf<{ is_demo: boolean }>(await db.execute(sql`select is_demo from provider_profile`));
    if (profile) return profile.is_demo;
  }
  if (!tables.includes('enti')) return tables.length === 0;
  const slugs = rowsOf<{ slug: string }>(await db.execute(sql`select slug from enti`)).map((r) => r.slug);
  const demo = new Set(DEMO_ENTI.map((e) => e.slug));
  return slugs.every((slug) => demo.has(slug));
}

/** Drops every table of the portal (schema `public` and drizzle's journal), leaving an empty database. */
export async function dropPortalSchema(db: Database): Promise<void> {
  await db.execute(sql`drop schema if exists drizzle cascade`);
  await db.execute(sql`drop schema public cascade`);
  await db.execute(sql`create schema public`);
}
