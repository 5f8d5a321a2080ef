import type { PlatformRole } from '@/lib/auth/users';

const EVERY: readonly PlatformRole[] = ['cit_admin', 'cit_operator'];

/** The sections of the CIT's dashboard, in menu order, and who sees them (the pages check again). */
export const CIT_SECTIONS: readonly { href: string; label: string; roles: readonly PlatformRole[] }[] = [
  { href: '/cit', label: 'Riepilogo', roles: EVERY },
  { href: '/cit/enti', label: 'Enti e adesioni', roles: EVERY },
  { href: '/cit/partner', label: 'Partner', roles: EVERY },
  { href: '/cit/quote', label: 'Quote e fatturazione', roles: EVERY },
  { href: '/cit/monitoraggio', label: 'Monitoraggio', roles: EVERY },
  { href: '/cit/assistenza', label: 'Assistenza', roles: EVERY },
  { href: '/cit/domande', label: 'Domande', roles: EVERY },
  { href: '/cit/formazione', label: 'Formazione', roles: EVERY },
  { href: '/cit/registro', label: 'Registro attività', roles: ['cit_admin'] },
  { href: '/cit/impostazioni', label: 'Impostazioni', roles: ['cit_admin'] },
];
