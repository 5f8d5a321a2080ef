import { encode } from 'next-auth/jwt';
import { authSecret } from '@/lib/config';
import { REQUEST_PATH_HEADER } from '@/lib/tenancy/routing';

/**
 * The request a test injects through a `jest.mock('next/headers')` that answers with `current.headers`:
 * the Host, the client address and, for a signed-in person, a real Auth.js session cookie.
 */
export async function requestHeaders(
  host: string,
  session: { userId?: string; fiscalCode: string } | undefined,
  path = '/admin',
): Promise<Headers> {
  const headers = new Headers({
    host,
    'x-forwarded-proto': 'http',
    'x-forwarded-for': '203.0.113.45',
    [REQUEST_PATH_HEADER]: `GET ${path}`,
  });
  if (session) {
    const token = await encode({
      secret: authSecret(),
      salt: 'authjs.session-token',
      token: { sub: session.userId ?? session.fiscalCode, ...session, name: 'Prova', method: 'spid', level: 2 },
    });
    headers.set('cookie', `authjs.session-token=${token}`);
  }
  return headers;
}
