import { forbidden, redirect } from 'next/navigation';
import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { decideCitAccess, decideEnteAccess, type AccessDecision } from './access';
import { currentUserId } from './auth';
import type { EnteRole, PlatformRole } from './users';

export const ALL_ENTE_ROLES: readonly EnteRole[] = ['ente_admin', 'ente_operator', 'ente_viewer'];
export const ALL_PLATFORM_ROLES: readonly PlatformRole[] = ['cit_admin', 'cit_operator'];

function enforce<R>(decision: AccessDecision<R>, loginPath: string) {
  if (decision.kind === 'login') redirect(loginPath);
  if (decision.kind === 'forbidden') forbidden();
  return decision.staff;
}

/** For every back-office page and action: the session's user must hold one of `allowed` in this Ente. */
export async function requireEnteStaff(ente: Pick<Ente, 'id'>, allowed: readonly EnteRole[] = ALL_ENTE_ROLES) {
  const userId = await currentUserId();
  return enforce(await decideEnteAccess(await getDb(), userId, ente.id, allowed), '/admin/accedi');
}

/** For every CIT dashboard page and action. */
export async function requireCitStaff(allowed: readonly PlatformRole[] = ALL_PLATFORM_ROLES) {
  const userId = await currentUserId();
  return enforce(await decideCitAccess(await getDb(), userId, allowed), '/cit/accedi');
}
