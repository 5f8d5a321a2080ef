import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { clientAddress } from '@/lib/http/client-address';
import { problem } from '@/lib/http/problem';
import { REQUEST_PATH_HEADER } from '@/lib/tenancy/routing';
import { NO_ACCOUNT, decideCitAccess, decideEnteAccess, recordRefusal, type EnteStaff } from './access';
import { currentSession } from './auth';
import type { EnteRole, PlatformRole, StaffIdentity } from './users';

export const ALL_ENTE_ROLES: readonly EnteRole[] = ['ente_admin', 'ente_operator', 'ente_viewer'];
export const ALL_PLATFORM_ROLES: readonly PlatformRole[] = ['cit_admin', 'cit_operator'];

/** Where the refused request came from and what it asked for, from the headers the middleware set. */
async function requestFacts(): Promise<{ what: string; address: string }> {
  const h = await headers();
  const action = h.get('next-action');
  const path = h.get(REQUEST_PATH_HEADER) ?? '?';
  return { what: action ? `${path} (azione ${action.slice(0, 16)})` : path, address: clientAddress(h, readConfig().TRUSTED_PROXY_HOPS) };
}

async function auditRefusal(enteId: string | null, required: readonly string[]): Promise<void> {
  const session = await currentSession();
  await recordRefusal(await getDb(), {
    enteId,
    userId: session?.userId,
    fiscalCode: session?.fiscalCode,
    required,
    ...(await requestFacts()),
  });
}

async function refuse(enteId: string | null, required: readonly string[]): Promise<never> {
  await auditRefusal(enteId, required);
  forbidden();
}

/** The staff login of the site, coming back here afterwards (or to `returnTo`: a POST-only route has nothing to come back to). */
async function toLogin(base: '/admin' | '/cit', returnTo?: string): Promise<never> {
  const path = returnTo ?? (await headers()).get(REQUEST_PATH_HEADER)?.split(' ')[1] ?? base;
  redirect(`${base}/accedi?ritorno=${encodeURIComponent(path.startsWith(base) ? path : base)}`);
}

/**
 * For every back-office page, route and action: the session's user must hold one of `allowed` in this
 * Ente. No session: to the login. Another Ente or role: the 403 page, and the refusal is audited.
 */
export async function requireEnteStaff(ente: Pick<Ente, 'id'>, allowed: readonly EnteRole[] = ALL_ENTE_ROLES): Promise<EnteStaff> {
  const session = await currentSession();
  if (!session) return toLogin('/admin');
  // A citizen signed in with SPID has a session but no staff account: that is a refusal, not a login loop.
  const decision = await decideEnteAccess(await getDb(), session.userId ?? NO_ACCOUNT, ente.id, allowed);
  if (decision.kind === 'login') return toLogin('/admin');
  if (decision.kind === 'forbidden') return refuse(ente.id, allowed);
  return decision.staff;
}

/**
 * For back-office route handlers (downloads, JSON): the same checks and audit as requireEnteStaff, but a
 * refusal is an answer, 403 problem+json in Italian, since a route handler has no 403 page to render.
 */
export async function requireEnteStaffInRoute(
  ente: Pick<Ente, 'id'>,
  allowed: readonly EnteRole[] = ALL_ENTE_ROLES,
  options: { returnTo?: string } = {},
): Promise<EnteStaff | Response> {
  const session = await currentSession();
  if (!session) return toLogin('/admin', options.returnTo);
  const decision = await decideEnteAccess(await getDb(), session.userId ?? NO_ACCOUNT, ente.id, allowed);
  if (decision.kind === 'login') return toLogin('/admin', options.returnTo);
  if (decision.kind === 'forbidden') {
    await auditRefusal(ente.id, allowed);
    return problem(403, 'Accesso non consentito', 'Il tuo profilo non ha i permessi per questa risorsa.');
  }
  return decision.staff;
}

/** For every CIT dashboard page, route and action. */
export async function requireCitStaff(
  allowed: readonly PlatformRole[] = ALL_PLATFORM_ROLES,
): Promise<StaffIdentity & { role: PlatformRole }> {
  const session = await currentSession();
  // As for the Ente's back office: a citizen's session is a refusal, not a way back to the login.
  const decision = await decideCitAccess(await getDb(), session && (session.userId ?? NO_ACCOUNT), allowed);
  if (decision.kind === 'login') return toLogin('/cit');
  if (decision.kind === 'forbidden') return refuse(null, allowed);
  return decision.staff;
}

/** For CIT route handlers (downloads, exports): requireCitStaff's checks and audit, a refusal answered 403 problem+json. */
export async function requireCitStaffInRoute(
  allowed: readonly PlatformRole[] = ALL_PLATFORM_ROLES,
): Promise<(StaffIdentity & { role: PlatformRole }) | Response> {
  const session = await currentSession();
  const decision = await decideCitAccess(await getDb(), session && (session.userId ?? NO_ACCOUNT), allowed);
  if (decision.kind === 'login') return toLogin('/cit');
  if (decision.kind === 'forbidden') {
    await auditRefusal(null, allowed);
    return problem(403, 'Accesso non consentito', 'Il tuo profilo non ha i permessi per questa risorsa.');
  }
  return decision.staff;
}
