'use server';

import { AuthError } from 'next-auth';
import { signIn, signOut } from './auth';
import { loginSchema, type LoginInput } from './schemas';

/** Where a login may land: fixed paths only, never a URL from the request (no open redirect). */
const LANDING = { ente: '/admin', cit: '/cit' } as const;

export type LoginResult = { error: string } | { redirectTo: string };

/*
 * These actions return where to go instead of redirecting: Next renders a server-action redirect by
 * fetching the target from the server itself, which on *.localhost (and behind some proxies) cannot
 * resolve the Ente's subdomain. The client navigates instead.
 */

export async function login(area: keyof typeof LANDING, input: LoginInput): Promise<LoginResult> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Dati non validi' };
  const redirectTo = LANDING[area];
  if (!redirectTo) return { error: 'Area non valida' };
  try {
    await signIn('credentials', { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) return { error: 'E-mail o password non corrette.' };
    throw error;
  }
  return { redirectTo };
}

export async function logout(): Promise<{ redirectTo: string }> {
  await signOut({ redirect: false });
  return { redirectTo: '/' };
}
