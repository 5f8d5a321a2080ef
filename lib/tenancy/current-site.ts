import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { readConfig } from '@/lib/config';
import { parseHost } from './host';

/** Provincial pages answer only on the bare base domain, whatever path the request arrived on. */
export async function requireProvinciaHost(): Promise<void> {
  const target = parseHost((await headers()).get('host'), readConfig().PORTAL_BASE_DOMAIN);
  if (target.kind !== 'provincia') notFound();
}
