import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import type { Database } from '@/db';
import { users } from '@/db/schema';
import type { PortalSession } from '@/lib/auth/session';
import { authSecret } from '@/lib/config';

/*
 * Server actions through the real wrapper with only the request injected, as in action-policies.test.ts.
 * A test file mocks next/headers with `nextHeaders` and then calls actions inside `actAs`:
 *   jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
 */
const request = { headers: new Headers() };

export const nextHeaders = {
  headers: async () => request.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
};

export const TEST_ADDRESS = '203.0.113.45';

/** The SPID session of a seeded staff member, found by fiscal code. */
export async function staffSession(db: Database, fiscalCode: string): Promise<PortalSession> {
  const [user] = await db.select({ id: users.id, fullName: users.fullName }).from(users).where(eq(users.fiscalCode, fiscalCode));
  if (!user) throw new Error(`nessun account con codice fiscale ${fiscalCode}`);
  return { userId: user.id, fiscalCode, name: user.fullName, method: 'spid', level: 2 };
}

/** Runs `work` as a browser on the Ente `slug` would, with this session's signed cookie (or none). */
export function actAs<T>(slug: string, session: PortalSession | undefined, work: () => Promise<T>): Promise<T> {
  // An empty slug is the provincial site (the CIT dashboard).
  return actOnHost(slug ? `${slug}.localhost:3000` : 'localhost:3000', session, work);
}

/** The same on the provincial site (the CIT's dashboard). */
export function actAsOnProvincia<T>(session: PortalSession | undefined, work: () => Promise<T>): Promise<T> {
  return actOnHost('localhost:3000', session, work);
}

async function actOnHost<T>(host: string, session: PortalSession | undefined, work: () => Promise<T>): Promise<T> {
  const headers = new Headers({ host, 'x-forwarded-proto': 'http', 'x-forwarded-for': TEST_ADDRESS });
  if (session) {
    const token = await encode({ secret: authSecret(), salt: 'authjs.session-token', token: { sub: session.userId, ...session } });
    headers.set('cookie', `authjs.session-token=${token}`);
  }
  request.headers = headers;
  return work();
}

/** Makes the wrapper's getDb() give this test's database. */
export function shareDatabaseWithActions(handle: () => unknown): void {
  beforeAll(() => {
    (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(handle());
  });
  afterAll(() => {
    (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
  });
}
