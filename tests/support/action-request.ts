import { encode } from 'next-auth/jwt';
import type { PortalSession } from '@/lib/auth/session';
import { authSecret } from '@/lib/config';

/*
 * The request a server action sees, for tests that call actions through the real wrapper: next/headers is
 * mocked with `jest.mock('next/headers', () => jest.requireActual('../support/action-request').nextHeaders)`
 * and answers with the Host, cookie and address set by actAs, as a browser would send them.
 */
const current: { headers: Headers } = { headers: new Headers() };

export const nextHeaders = {
  headers: async () => current.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
};

/** Runs `run` as a request to `host` carrying `session`'s real, signed Auth.js cookie. */
export async function actAs<T>(
  host: string,
  session: PortalSession | undefined,
  run: () => Promise<T>,
  address = '203.0.113.44',
): Promise<T> {
  const headers = new Headers({ host, 'x-forwarded-proto': 'http', 'x-forwarded-for': address });
  if (session) {
    const token = await encode({
      secret: authSecret(),
      salt: 'authjs.session-token',
      token: { sub: session.userId ?? session.fiscalCode, ...session },
    });
    headers.set('cookie', `authjs.session-token=${token}`);
  }
  current.headers = headers;
  return run();
}
