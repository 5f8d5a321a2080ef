import { getDb } from '@/db';
import { ALL_ENTE_ROLES, ALL_PLATFORM_ROLES } from './guards';
import { NO_ACCOUNT, decideCitAccess, decideEnteAccess } from './access';
import { currentSession } from './auth';
import type { PortalSession } from './session';

/** What a staff login page should do for this request's session. */
export type StaffLoginState = { kind: 'signed-out' } | { kind: 'has-role' } | { kind: 'no-role'; session: PortalSession };

/**
 * A person already signed in who holds a role here goes straight on; one without (a citizen, or staff of
 * another Ente) is told so, instead of being offered a login that would change nothing.
 */
export async function staffLoginState(area: { enteId: string } | 'cit'): Promise<StaffLoginState> {
  const session = await currentSession();
  if (!session) return { kind: 'signed-out' };
  const db = await getDb();
  const userId = session.userId ?? NO_ACCOUNT;
  const decision =
    area === 'cit'
      ? await decideCitAccess(db, userId, ALL_PLATFORM_ROLES)
      : await decideEnteAccess(db, userId, area.enteId, ALL_ENTE_ROLES);
  return decision.kind === 'ok' ? { kind: 'has-role' } : { kind: 'no-role', session };
}
