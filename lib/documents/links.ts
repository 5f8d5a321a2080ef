import { createHmac, timingSafeEqual } from 'node:crypto';
import { linkSecret, readConfig } from '@/lib/config';

/**
 * Signed links to documents (the avviso and the ricevuta PDFs), for whoever paid or was sent the link.
 * The MAC binds the kind, the Ente, the object and an expiry, so a link opens exactly one document of one
 * Ente until it expires. The key is LINK_SECRET (or AUTH_SECRET): rotating it revokes every link.
 */
export type LinkKind = 'receipt' | 'notice';

const FORMAT = 'portale-link:v1';

function mac(kind: LinkKind, enteId: string, objectId: string, expires: string): string {
  return createHmac('sha256', linkSecret()).update(`${FORMAT}|${kind}|${enteId}|${objectId}|${expires}`).digest('base64url').slice(0, 32);
}

/** `<expiry in base-36 seconds>.<mac>` */
export function signLink(kind: LinkKind, enteId: string, objectId: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000 + readConfig().LINK_TTL_DAYS * 86_400).toString(36);
  return `${expires}.${mac(kind, enteId, objectId, expires)}`;
}

export function verifyLink(kind: LinkKind, enteId: string, objectId: string, token: string | null | undefined, now = Date.now()): boolean {
  const match = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{32})$/.exec(token ?? '');
  if (!match) return false;
  const [, expires, given] = match as unknown as [string, string, string];
  if (parseInt(expires, 36) * 1000 <= now) return false;
  const expected = Buffer.from(mac(kind, enteId, objectId, expires));
  return timingSafeEqual(expected, Buffer.from(given));
}
