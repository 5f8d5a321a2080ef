import type { ProviderProfileData } from '@/lib/provider/schemas';

/**
 * The demo's provider: the Province of Brescia and its service centre, as the original service page
 * (shared/seed) describes them. Demo data only: a real installation gets its own from `npm run setup`.
 */
export const DEMO_PROVIDER: ProviderProfileData = {
  name: 'Provincia di Brescia',
  shortName: 'Provincia di Brescia',
  fiscalCode: '80008750178',
  ipaCode: 'p_bs',
  serviceCentreName: 'Centro Innovazione e Tecnologie',
  serviceCentreShortName: 'CIT',
  coatOfArmsUrl: '/marchio.svg',
  primaryColor: '#0066cc',
  address: null,
  email: 'citservizi@provincia.brescia.it',
  pec: null,
  phone: '030 3748534',
  officeHours: 'Dal lunedì al giovedì 9-12 e 14-16, venerdì 9-12.30',
  website: null,
  privacyUrl: null,
};
