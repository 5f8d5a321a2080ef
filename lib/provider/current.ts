import { cache } from 'react';
import type { ProviderProfile } from '@/db/schema';
import { cachedProviderProfile } from '@/lib/cache/page-data';

/**
 * What pages show of the provider. Before `npm run setup` there is none: pages then use neutral words
 * («Portale dei pagamenti») and the provincial home says the portal is being set up.
 */
export type ProviderIdentity = Pick<
  ProviderProfile,
  | 'name'
  | 'shortName'
  | 'serviceCentreName'
  | 'serviceCentreShortName'
  | 'coatOfArmsUrl'
  | 'primaryColor'
  | 'email'
  | 'phone'
  | 'officeHours'
  | 'privacyUrl'
> & { configured: boolean };

const UNCONFIGURED: ProviderIdentity = {
  name: 'Portale dei pagamenti',
  shortName: 'Portale dei pagamenti',
  serviceCentreName: 'Assistenza',
  serviceCentreShortName: 'Assistenza',
  coatOfArmsUrl: '/marchio.svg',
  primaryColor: '#0066cc',
  email: null,
  phone: null,
  officeHours: null,
  privacyUrl: null,
  configured: false,
};

export function identityOf(profile: ProviderProfile | undefined): ProviderIdentity {
  return profile ? { ...profile, configured: true } : UNCONFIGURED;
}

/** The provider of this installation, read once per request, from the data cache (tag `provider`). */
export const currentProvider = cache(async (): Promise<ProviderIdentity> => identityOf(await cachedProviderProfile()));
