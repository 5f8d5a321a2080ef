import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { readConfig } from '@/lib/config';
import { parseHost, type HostTarget } from './host';

/** Which site this request's Host header asks for, against the configured base domain. */
export async function requestTarget(): Promise<HostTarget> {
  return parseHost((await headers()).get('host'), readConfig().PORTAL_BASE_DOMAIN);
}

/** Provincial pages answer only on the bare base domain, whatever path the request arrived on. */
export async function requireProvinciaHost(): Promise<void> {
  if ((await requestTarget()).kind !== 'provincia') notFound();
}
