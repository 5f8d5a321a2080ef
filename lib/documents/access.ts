import { getDb } from '@/db';
import type { Ente } from '@/db/schema';
import { decideEnteAccess } from '@/lib/auth/access';
import { currentUserId } from '@/lib/auth/auth';
import { ALL_ENTE_ROLES } from '@/lib/auth/guards';
import { verifyLink, type LinkKind } from './links';

/** A document opens with its signed link (bound to kind, Ente, object, expiry), or for the Ente's own staff. */
export async function mayOpenDocument(ente: Pick<Ente, 'id'>, kind: LinkKind, id: string, token: string | null): Promise<boolean> {
  if (verifyLink(kind, ente.id, id, token)) return true;
  const decision = await decideEnteAccess(await getDb(), await currentUserId(), ente.id, ALL_ENTE_ROLES);
  return decision.kind === 'ok';
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
