import { z } from 'zod';

/*
 * Where a login started and where it sends the person back: a host of the portal (checked against the
 * configured base domain by the caller) and a path on it. Both are stored with the login request and
 * the ticket, so nothing in the IdP's answer can steer the redirect (no open redirect).
 */
// 253 characters at most, port included: what the tables' host columns hold.
export const LOGIN_HOST = /^(?=.{1,253}$)[a-z0-9.-]+(:[0-9]{1,5})?$/;
// `//evil.example` or `/\evil.example` would leave the host; whitespace and backslashes are never needed.
export const RETURN_PATH = /^\/(?![/\\])[^\s\\]{0,499}$/;

/** A return path from a query string: anything odd falls back to `fallback` rather than failing the login. */
export function returnPathOr(value: string | null | undefined, fallback: string): string {
  return value && RETURN_PATH.test(value) ? value : fallback;
}

export const returnPathSchema = z.string().regex(RETURN_PATH, 'percorso di ritorno non valido');
