import { count, eq } from 'drizzle-orm';
import { auditLog, enti, passwordResetTokens, providerProfile, users } from '@/db/schema';
import { seedDemoData } from '@/db/seed';
import { DEMO_PROVIDER } from '@/db/seed/provider';
import { resetPassword } from '@/lib/auth/password-reset';
import { verifyCredentials } from '@/lib/auth/users';
import { isDemoDatabase } from '@/lib/setup/demo-database';
import { firstAdminSchema, runSetup, type SetupRequest } from '@/lib/setup/first-run';
import { providerProfileSchema } from '@/lib/provider/schemas';
import { createTestDatabase, type TestDatabase, DATABASE_SETUP_MS } from '../support/test-db';

const provider = providerProfileSchema.parse({
  name: 'Regione di Prova',
  shortName: 'Regione di Prova',
  fiscalCode: '80008750178',
  ipaCode: 'r_prova',
  serviceCentreName: 'Servizi digitali regionali',
  serviceCentreShortName: 'SDR',
  primaryColor: '#00509e',
});
const admin = firstAdminSchema.parse({ fiscalCode: 'brtlra75c52b157g', fullName: 'Laura Bertoli', email: 'Laura@Regione.example' });
const second = firstAdminSchema.parse({ fiscalCode: 'ZNRMRC82P05B157W', fullName: 'Marco Zanardelli' });

function request(overrides: Partial<SetupRequest> = {}): SetupRequest {
  return { provider, admin, addAdmin: false, passwordLogin: false, now: new Date(), ...overrides };
}

describe('npm run setup on an empty database', () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase({ seed: false });
  }, DATABASE_SETUP_MS);
  afterAll(() => testDb.close());

  it('creates exactly the provider and one CIT admin by fiscal code, then refuses a second run', async () => {
    const db = testDb.handle.db;
    expect(await isDemoDatabase(db)).toBe(true);
    const outcome = await runSetup(db, request());
    expect(outcome).toMatchObject({ kind: 'installed' });
    expect(await db.select().from(providerProfile)).toEqual([expect.objectContaining({ name: 'Regione di Prova', isDemo: false })]);
    const staff = await db.select().from(users);
    expect(staff).toEqual([expect.objectContaining({ fiscalCode: 'BRTLRA75C52B157G', platformRole: 'cit_admin', passwordHash: null })]);
    expect((await db.select({ n: count() }).from(enti))[0]!.n).toBe(0);
    expect(await isDemoDatabase(db)).toBe(false);

    expect(await runSetup(db, request())).toEqual({ kind: 'refused', reason: expect.stringContaining('già configurato') });
    expect(await runSetup(db, request({ addAdmin: true }))).toEqual({ kind: 'refused', reason: 'questa persona è già amministratore' });
    expect((await db.select({ n: count() }).from(users))[0]!.n).toBe(1);
  });

  it('adds a second admin when asked, and audits both', async () => {
    const db = testDb.handle.db;
    expect(await runSetup(db, request({ admin: second, addAdmin: true }))).toMatchObject({ kind: 'admin-added' });
    const admins = await db.select({ cf: users.fiscalCode }).from(users).where(eq(users.platformRole, 'cit_admin'));
    expect(admins.map((a) => a.cf).sort()).toEqual(['BRTLRA75C52B157G', 'ZNRMRC82P05B157W']);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'amministratore_gestore_creato'));
    expect(audits).toHaveLength(2);
  });

  it('a real installation never gets demo data, whatever SEED_DEMO_DATA says', async () => {
    const db = testDb.handle.db;
    expect(await seedDemoData(db)).toBe(false);
    expect((await db.select({ n: count() }).from(enti))[0]!.n).toBe(0);
    expect((await db.select().from(providerProfile))[0]!.name).toBe('Regione di Prova');
  });
});

describe('npm run setup refusals and the password link', () => {
  it('refuses a demo database and an --add-admin before the first run', async () => {
    const demo = await createTestDatabase({ seed: true });
    try {
      expect(await isDemoDatabase(demo.handle.db)).toBe(true);
      expect(await runSetup(demo.handle.db, request())).toMatchObject({ kind: 'refused', reason: expect.stringContaining('dimostrativi') });
    } finally {
      await demo.close();
    }
    const empty = await createTestDatabase({ seed: false });
    try {
      expect(await runSetup(empty.handle.db, request({ addAdmin: true }))).toMatchObject({
        kind: 'refused',
        reason: expect.stringContaining('non è ancora configurato'),
      });
    } finally {
      await empty.close();
    }
  });

  it('with password login, issues a one-time link that sets the password exactly once', async () => {
    const testDb = await createTestDatabase({ seed: false });
    const db = testDb.handle.db;
    try {
      const outcome = await runSetup(db, request({ passwordLogin: true }));
      if (outcome.kind !== 'installed') throw new Error(outcome.kind);
      const token = outcome.passwordToken!;
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify(await db.select().from(passwordResetTokens))).not.toContain(token);
      const results = await Promise.all([
        resetPassword(db, token, 'una-password-lunga-1', new Date()),
        resetPassword(db, token, 'una-password-lunga-2', new Date()),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const password = results[0] ? 'una-password-lunga-1' : 'una-password-lunga-2';
      expect(await verifyCredentials(db, 'laura@regione.example', password)).toMatchObject({ fullName: 'Laura Bertoli' });
      expect(await resetPassword(db, token, 'un-altra-password-3', new Date())).toBe(false);
      expect(await resetPassword(db, 'x'.repeat(43), 'un-altra-password-3', new Date())).toBe(false);
      expect(await resetPassword(db, `${token}\u0000`, 'un-altra-password-3', new Date())).toBe(false);
      // Without an e-mail there is nothing to log in with: no link, SPID/CIE only.
      expect(await runSetup(db, request({ passwordLogin: true, admin: second, addAdmin: true }))).toEqual({
        kind: 'admin-added',
        adminId: expect.any(String),
        passwordToken: undefined,
      });
    } finally {
      await testDb.close();
    }
  });

  it('an expired link does nothing', async () => {
    const testDb = await createTestDatabase({ seed: false });
    try {
      const outcome = await runSetup(testDb.handle.db, request({ passwordLogin: true, now: new Date(Date.now() - 73 * 3_600_000) }));
      if (outcome.kind !== 'installed') throw new Error(outcome.kind);
      expect(await resetPassword(testDb.handle.db, outcome.passwordToken!, 'una-password-lunga-1', new Date())).toBe(false);
    } finally {
      await testDb.close();
    }
  });
});

describe('the demo seed', () => {
  it('brings the demo provider, marked as demo', async () => {
    const testDb = await createTestDatabase({ seed: true });
    try {
      const [profile] = await testDb.handle.db.select().from(providerProfile);
      expect(profile).toMatchObject({ ...DEMO_PROVIDER, isDemo: true });
    } finally {
      await testDb.close();
    }
  });
});
