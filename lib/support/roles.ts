import type { EnteRole, PlatformRole } from '@/lib/auth/users';

/**
 * Every staff role of an Ente may open, read and answer its Ente's requests, viewers included: asking
 * for help changes no payment data, and a viewer who cannot find a receipt is exactly who should ask.
 */
export const SUPPORT_ENTE_ROLES: readonly EnteRole[] = ['ente_admin', 'ente_operator', 'ente_viewer'];

/** Answering, assigning and closing is first-level helpdesk work: any CIT staff member. */
export const SUPPORT_CIT_ROLES: readonly PlatformRole[] = ['cit_admin', 'cit_operator'];
