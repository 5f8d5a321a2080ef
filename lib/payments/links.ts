import { createHmac, timingSafeEqual } from 'node:crypto';
import { authSecret } from '@/lib/config';

/**
 * Capability links: the return page of a cart and the PDF of a receipt or avviso are opened with a
 * token bound to the object, so that whoever paid can come back without logging in, and nobody can
 * walk the ids. The key is AUTH_SECRET; rotating it revokes every link.
 */
export type LinkKind = 'cart' | 'receipt' | 'notice';

export function linkToken(kind: LinkKind, id: string): string {
  return createHmac('sha256', authSecret()).update(`${kind}:${id}`).digest('base64url').slice(0, 32);
}

export function isValidLinkToken(kind: LinkKind, id: string, token: string | null | undefined): boolean {
  if (!token) return false;
  const expected = Buffer.from(linkToken(kind, id));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
