import type { Database } from '@/db';
import { findEnteRole, findPlatformRole, type EnteRole, type PlatformRole, type StaffIdentity } from './users';

export type AccessDecision<R> = { kind: 'login' } | { kind: 'forbidden' } | { kind: 'ok'; staff: StaffIdentity & { role: R } };

/** May this user (if any) act in this Ente's back office with one of these roles? */
export async function decideEnteAccess(
  db: Database,
  userId: string | undefined,
  enteId: string,
  allowed: readonly EnteRole[],
): Promise<AccessDecision<EnteRole>> {
  if (!userId) return { kind: 'login' };
  const staff = await findEnteRole(db, userId, enteId);
  return staff && allowed.includes(staff.role) ? { kind: 'ok', staff } : { kind: 'forbidden' };
}

/** May this user (if any) act in the CIT dashboard with one of these roles? */
export async function decideCitAccess(
  db: Database,
  userId: string | undefined,
  allowed: readonly PlatformRole[],
): Promise<AccessDecision<PlatformRole>> {
  if (!userId) return { kind: 'login' };
  const staff = await findPlatformRole(db, userId);
  return staff && allowed.includes(staff.role) ? { kind: 'ok', staff } : { kind: 'forbidden' };
}
