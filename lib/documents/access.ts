import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { decideEnteAccess, mayManageService } from '@/lib/auth/access';
import { currentUserId } from '@/lib/auth/auth';
import { ALL_ENTE_ROLES } from '@/lib/auth/guards';
import { verifyLink, type LinkKind } from './links';

/**
 * A document opens with its signed link (bound to kind, Ente, object, expiry), or for the Ente's own staff:
 * an operator limited to some services only for those services' documents (a document of no service is
 * for unlimited staff). Callers load the document first, and answer 404 alike when this says no.
 */
export async function mayOpenDocument(
  ente: Pick<Ente, 'id'>,
  kind: LinkKind,
  id: string,
  token: string | null,
  serviceId: string | null,
): Promise<boolean> {
  if (verifyLink(kind, ente.id, id, token)) return true;
  const decision = await decideEnteAccess(await getDb(), await currentUserId(), ente.id, ALL_ENTE_ROLES);
  if (decision.kind !== 'ok') return false;
  if (decision.staff.serviceIds === null) return true;
  return serviceId !== null && mayManageService(decision.staff, serviceId);
}

export function pdfResponse(pdf: Buffer, filename: string): Response {
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}
