import { cache } from 'react';
import { notFound } from 'next/navigation';
import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { findActiveEnteBySlug, findBackOfficeEnteBySlug } from '@/lib/enti/queries';
import { requestTarget } from './current-site';

/** One query per request however many layouts, pages and metadata functions ask. */
const loadActiveEnte = cache(async (slug: string) => findActiveEnteBySlug(await getDb(), slug));
const loadBackOfficeEnte = cache(async (slug: string) => findBackOfficeEnteBySlug(await getDb(), slug));

/**
 * The Ente this citizen-facing request is for. The slug the middleware put in the path must agree with the
 * Host the browser sent: the path alone is never trusted. Unknown, or not serving citizens (not active, or
 * without a partner) → 404.
 */
export async function requireEnte(slug: string): Promise<Ente> {
  const ente = await findRequestEnte(slug);
  if (!ente) notFound();
  return ente;
}

/** Same as requireEnte without the 404: for metadata, which must not throw while the page streams. */
export async function findRequestEnte(slug: string): Promise<Ente | undefined> {
  const target = await requestTarget();
  if (target.kind !== 'ente' || target.slug !== slug) return undefined;
  return loadActiveEnte(slug);
}

export { enteUrl, provinciaUrl } from './urls';

/** The Ente of a back-office request: the same Host check, any state but ceased. Unknown or ceased → 404. */
export async function requireBackOfficeEnte(slug: string): Promise<Ente> {
  const ente = await findBackOfficeEnte(slug);
  if (!ente) notFound();
  return ente;
}

export async function findBackOfficeEnte(slug: string): Promise<Ente | undefined> {
  const target = await requestTarget();
  if (target.kind !== 'ente' || target.slug !== slug) return undefined;
  return loadBackOfficeEnte(slug);
}
