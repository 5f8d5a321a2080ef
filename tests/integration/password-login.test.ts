import { NextRequest } from 'next/server';
import { handlers } from '@/lib/auth/auth';
import { withTestDatabase } from '../support/test-db';

/*
 * The `credentials` provider through Auth.js's own endpoint, as a script could call it directly (not only
 * through the login form): STAFF_PASSWORD_LOGIN=false must refuse even the right password.
 */
const { testDb } = withTestDatabase();
const HOST = 'valmora.localhost:3000';

beforeAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

function withEnv<T>(name: string, value: string, run: () => Promise<T>): Promise<T> {
  const saved = process.env[name];
  process.env[name] = value;
  return run().finally(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });
}

/** Posts e-mail and password to /api/auth/callback/credentials with a valid CSRF token; returns the session cookie, if any. */
async function passwordLogin(email: string, password: string): Promise<{ status: number; location: string; session?: string }> {
  const headers = { host: HOST, 'x-forwarded-proto': 'http', 'x-forwarded-for': '203.0.113.60' };
  const csrf = await handlers.GET(new NextRequest(`http://${HOST}/api/auth/csrf`, { headers }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const response = await handlers.POST(
    new NextRequest(`http://${HOST}/api/auth/callback/credentials`, {
      method: 'POST',
      headers: { ...headers, cookie: csrfCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: '/admin' }).toString(),
    }),
  );
  const session = response.headers
    .getSetCookie()
    .find((c) => c.startsWith('authjs.session-token='))
    ?.split(';')[0];
  return { status: response.status, location: response.headers.get('location') ?? '', session };
}

describe('the password login provider', () => {
  it('signs staff in when STAFF_PASSWORD_LOGIN=true', async () => {
    const result = await withEnv('STAFF_PASSWORD_LOGIN', 'true', () => passwordLogin('admin@valmora.example.it', 'demo-pagamenti'));
    expect(result.session).toMatch(/^authjs\.session-token=.+/);
  });

  it('refuses the right password when STAFF_PASSWORD_LOGIN=false, setting no session', async () => {
    const result = await withEnv('STAFF_PASSWORD_LOGIN', 'false', () => passwordLogin('admin@valmora.example.it', 'demo-pagamenti'));
    expect(result.session).toBeUndefined();
    expect(result.location).toMatch(/error=CredentialsSignin/);
    expect(result.location).toMatch(/code=invalid/);
  });

  it('refuses odd input without a session', async () => {
    for (const [email, password] of [
      ['admin@valmora.example.it', 'sbagliata'],
      ['x'.repeat(10_000), 'demo-pagamenti'],
      ['admin@valmora.example.it\u0000', 'demo-pagamenti'],
    ]) {
      const result = await withEnv('STAFF_PASSWORD_LOGIN', 'true', () => passwordLogin(email!, password!));
      expect([email!.slice(0, 30), result.session]).toEqual([email!.slice(0, 30), undefined]);
    }
  });
});
