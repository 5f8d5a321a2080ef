import { createHash, randomBytes } from 'node:crypto';
import { cookies } from 'next/headers';
import { readConfig } from '@/lib/config';

/*
 * A random key in a host-only, HttpOnly, SameSite=Lax cookie (Secure and `__Host-` under https) binds the
 * carts a browser creates to that browser: only it sees their personal data (causale, names, links).
 * The database keeps only its sha256, so a leaked table does not let anyone impersonate the browser.
 * The same key binds a SPID/CIE/OIDC login to the browser that started it (lib/auth/tickets.ts).
 */
const KEY_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const MAX_AGE_SECONDS = 30 * 86_400;

function cookieName(scheme = readConfig().PORTAL_SCHEME): string {
  return scheme === 'https' ? '__Host-pagamenti' : 'pagamenti';
}

/** The browser key from a raw Cookie header (where next/headers is not available, e.g. inside Auth.js). */
export function browserKeyFromCookieHeader(header: string | null, scheme: 'http' | 'https'): string | undefined {
  const name = cookieName(scheme);
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      return KEY_FORMAT.test(value) ? value : undefined;
    }
  }
  return undefined;
}

export function hashBrowserKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** The hash of this browser's key, or undefined when it has none (or sent garbage). For pages: never sets a cookie. */
export async function currentBrowserKeyHash(): Promise<string | undefined> {
  const key = (await cookies()).get(cookieName())?.value;
  return key && KEY_FORMAT.test(key) ? hashBrowserKey(key) : undefined;
}

/** For server actions and route handlers: the browser's key hash, giving it a key first if it has none. */
export async function ensureBrowserKeyHash(): Promise<string> {
  const existing = await currentBrowserKeyHash();
  if (existing) return existing;
  const key = randomBytes(32).toString('base64url');
  (await cookies()).set(cookieName(), key, {
    httpOnly: true,
    sameSite: 'lax',
    secure: readConfig().PORTAL_SCHEME === 'https',
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
  return hashBrowserKey(key);
}
