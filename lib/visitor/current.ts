import { getDb } from '@/db';
import { currentSession } from '@/lib/auth/auth';
import type { PortalSession } from '@/lib/auth/session';
import { currentBrowserKeyHash } from '@/lib/payments/browser-key';
import { cartSize } from '@/lib/payments/cart';
import { findBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { requestTarget } from '@/lib/tenancy/current-site';

/*
 * What the header shows of this visitor: the cached pages are the same for everyone, so the header's corner
 * asks for it after the page has loaded (/api/visita, never cached).
 */

export interface VisitorState {
  /** Notices in this browser's cart on this Ente's site; null on the provincial site. */
  cartCount: number | null;
  person: { name: string; signedInWith: string; hasPersonalArea: boolean } | null;
}

/** The visitor on the site of the request's Host, or null when the Host names none. */
export async function currentVisitor(describeMethod: (session: PortalSession) => string): Promise<VisitorState | null> {
  const target = await requestTarget();
  if (target.kind === 'invalid') return null;
  const session = await currentSession();
  const person = session
    ? { name: session.name, signedInWith: describeMethod(session), hasPersonalArea: Boolean(session.fiscalCode) }
    : null;
  if (target.kind === 'provincia') return { cartCount: null, person };
  const ente = await findBackOfficeEnte(target.slug);
  if (!ente) return null;
  const browserKeyHash = await currentBrowserKeyHash();
  return { cartCount: browserKeyHash ? await cartSize(await getDb(), ente.id, browserKeyHash) : 0, person };
}
