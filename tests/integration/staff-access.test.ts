import { eq } from 'drizzle-orm';
import { users } from '@/db/schema';
import { decideCitAccess, decideEnteAccess } from '@/lib/auth/access';
import { verifyCredentials } from '@/lib/auth/users';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

let testDb: TestDatabase;
const ids: Record<string, string> = {};

beforeAll(async () => {
  testDb = await createTestDatabase();
  const db = testDb.handle.db;
  for (const slug of ['comune-demo', 'valmora']) ids[slug] = (await findActiveEnteBySlug(db, slug))!.id;
  for (const row of await db.select({ id: users.id, email: users.email }).from(users)) if (row.email) ids[row.email] = row.id;
}, DATABASE_SETUP_MS);

afterAll(async () => {
  await testDb.close();
});

describe('staff credentials', () => {
  it('accepts the right password, case-insensitively on the e-mail', async () => {
    const user = await verifyCredentials(testDb.handle.db, 'Admin@Comune-Demo.example.it', DEFAULT_DEMO_PASSWORD);
    expect(user?.email).toBe('admin@comune-demo.example.it');
  });

  it('refuses a wrong password and an unknown e-mail', async () => {
    expect(await verifyCredentials(testDb.handle.db, 'admin@comune-demo.example.it', 'sbagliata')).toBeUndefined();
    expect(await verifyCredentials(testDb.handle.db, 'nessuno@example.it', DEFAULT_DEMO_PASSWORD)).toBeUndefined();
  });
});

describe("an Ente's back office", () => {
  it('asks for login when there is no session', async () => {
    expect(await decideEnteAccess(testDb.handle.db, undefined, ids['comune-demo']!, ['ente_admin'])).toEqual({ kind: 'login' });
  });

  it('lets in staff of that Ente with an allowed role', async () => {
    const decision = await decideEnteAccess(testDb.handle.db, ids['admin@comune-demo.example.it'], ids['comune-demo']!, ['ente_admin']);
    expect(decision).toMatchObject({ kind: 'ok', staff: { role: 'ente_admin', email: 'admin@comune-demo.example.it' } });
  });

  it("refuses another Ente's administrator", async () => {
    expect(
      await decideEnteAccess(testDb.handle.db, ids['admin@valmora.example.it'], ids['comune-demo']!, [
        'ente_admin',
        'ente_operator',
        'ente_viewer',
      ]),
    ).toEqual({
      kind: 'forbidden',
    });
  });

  it('refuses a role that is not allowed for the entry point', async () => {
    expect(await decideEnteAccess(testDb.handle.db, ids['operatore@comune-demo.example.it'], ids['comune-demo']!, ['ente_admin'])).toEqual({
      kind: 'forbidden',
    });
  });

  it('refuses CIT staff, who have no membership in the Ente', async () => {
    expect(await decideEnteAccess(testDb.handle.db, ids['cit.admin@provincia.example.it'], ids['comune-demo']!, ['ente_admin'])).toEqual({
      kind: 'forbidden',
    });
  });

  it('refuses a disabled user at once, even with a valid session', async () => {
    const db = testDb.handle.db;
    const userId = ids['operatore@comune-demo.example.it']!;
    await db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, userId));
    try {
      expect(await decideEnteAccess(db, userId, ids['comune-demo']!, ['ente_operator'])).toEqual({ kind: 'forbidden' });
    } finally {
      await db.update(users).set({ disabledAt: null }).where(eq(users.id, userId));
    }
  });
});

describe('the CIT dashboard', () => {
  it('lets in CIT staff and refuses Ente staff', async () => {
    expect(await decideCitAccess(testDb.handle.db, ids['cit.operatore@provincia.example.it'], ['cit_admin', 'cit_operator'])).toMatchObject(
      { kind: 'ok' },
    );
    expect(await decideCitAccess(testDb.handle.db, ids['cit.operatore@provincia.example.it'], ['cit_admin'])).toEqual({
      kind: 'forbidden',
    });
    expect(await decideCitAccess(testDb.handle.db, ids['admin@comune-demo.example.it'], ['cit_admin', 'cit_operator'])).toEqual({
      kind: 'forbidden',
    });
    expect(await decideCitAccess(testDb.handle.db, undefined, ['cit_admin'])).toEqual({ kind: 'login' });
  });
});
