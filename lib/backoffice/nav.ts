import type { EnteRole } from '@/lib/auth/users';
import { CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';

/** The sections of an Ente's back office, in menu order, and who sees them (the pages check again). */
export const BACK_OFFICE_SECTIONS: readonly { href: string; label: string; roles: readonly EnteRole[] }[] = [
  { href: '/admin', label: 'Riepilogo', roles: ['ente_admin', 'ente_operator', 'ente_viewer'] },
  { href: '/admin/posizioni', label: 'Posizioni', roles: ['ente_admin', 'ente_operator', 'ente_viewer'] },
  { href: '/admin/importazioni', label: 'Importazioni', roles: ['ente_admin', 'ente_operator'] },
  { href: '/admin/ricevute', label: 'Ricevute', roles: ['ente_admin', 'ente_operator', 'ente_viewer'] },
  { href: '/admin/riconciliazione', label: 'Riconciliazione', roles: ['ente_admin', 'ente_operator', 'ente_viewer'] },
  { href: '/admin/anomalie', label: 'Anomalie', roles: ['ente_admin', 'ente_operator'] },
  { href: '/admin/conservazione', label: 'Conservazione', roles: CONSERVAZIONE_VIEW_ROLES },
  { href: '/admin/notifiche', label: 'Messaggi non inviati', roles: ['ente_admin', 'ente_operator'] },
  { href: '/admin/servizi', label: 'Servizi', roles: ['ente_admin', 'ente_operator'] },
  { href: '/admin/personale', label: 'Personale', roles: ['ente_admin'] },
  { href: '/admin/impostazioni', label: 'Impostazioni', roles: ['ente_admin'] },
  { href: '/admin/assistenza', label: 'Assistenza', roles: ['ente_admin', 'ente_operator', 'ente_viewer'] },
  { href: '/admin/formazione', label: 'Formazione', roles: ['ente_admin'] },
  { href: '/admin/guida', label: 'Guida', roles: ['ente_admin', 'ente_operator', 'ente_viewer'] },
];
