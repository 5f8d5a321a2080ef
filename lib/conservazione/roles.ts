import type { EnteRole } from '@/lib/auth/users';

/*
 * Conservazione is the whole Ente's archival duty, not a service's: the admin configures it and acts on it
 * (settings, «Invia ora», «Riprova»); the consultation role, whom an Ente gives to its responsabile della
 * conservazione or an auditor, reads it. Operators, who may be limited to some services, do not see it.
 */
export const CONSERVAZIONE_VIEW_ROLES: readonly EnteRole[] = ['ente_admin', 'ente_viewer'];
export const CONSERVAZIONE_ADMIN_ROLES: readonly EnteRole[] = ['ente_admin'];
