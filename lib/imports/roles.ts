import type { EnteRole } from '@/lib/auth/users';

/** Who may import positions: the Ente's admins and operators (a limited operator only for their services). */
export const IMPORT_ROLES: readonly EnteRole[] = ['ente_admin', 'ente_operator'];
