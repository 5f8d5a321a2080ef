import { spawnSync } from 'node:child_process';
import { count } from 'drizzle-orm';
import { enti, providerProfile } from '@/db/schema';
import { providerProfileSchema } from '@/lib/provider/schemas';
import { firstAdminSchema, runSetup } from '@/lib/setup/first-run';
import { createTestDatabase, withDatabase, type TestDatabase } from '../support/test-db';

/** `npm run db:reset` as a developer runs it, on a database of its own (embedded, or a throw-away one on the server). */
function reset(testDb: TestDatabase) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testDb.env, LOG_LEVEL: 'silent' };
  for (const key of ['NODE_ENV', 'SEED_DEMO_DATA']) delete env[key];
  if (!testDb.env.DATABASE_URL) delete env.DATABASE_URL;
  return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/db-reset.ts'], { env, encoding: 'utf8', timeout: 120_000 });
}

const entiCount = (testDb: TestDatabase) => withDatabase(testDb, async ({ db }) => (await db.select({ n: count() }).from(enti))[0]!.n);

describe('npm run db:reset', () => {
  it('recreates the demo database from scratch', async () => {
    const testDb = await createTestDatabase({ seed: false, onDisk: true });
    try {
      if (!testDb.env.DATABASE_URL) await testDb.handle.close();
      expect(await entiCount(testDb)).toBe(0);
      const result = reset(testDb);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Database dimostrativo ricreato');
      expect(await entiCount(testDb)).toBeGreaterThan(0);
      expect(await withDatabase(testDb, async ({ db }) => (await db.select().from(providerProfile))[0]?.isDemo)).toBe(true);
    } finally {
      if (testDb.env.DATABASE_URL) await testDb.close();
    }
  }, 240_000);

  // On the embedded database the folder is the developer's own; a server's database may be someone's real one.
  const onServer = process.env.DATABASE_URL ? it : it.skip;
  onServer(
    'refuses a PostgreSQL database that holds a real installation, and leaves it as it was',
    async () => {
      const testDb = await createTestDatabase({ seed: false });
      try {
        const provider = providerProfileSchema.parse({
          name: 'Provincia di Esempio',
          shortName: 'Provincia di Esempio',
          fiscalCode: '80008750178',
          ipaCode: 'p_es',
          serviceCentreName: 'Centro servizi',
          serviceCentreShortName: 'CS',
          primaryColor: '#0066cc',
        });
        const admin = firstAdminSchema.parse({ fiscalCode: 'BRTLRA75C52B157G', fullName: 'Laura Bertoli' });
        await runSetup(testDb.handle.db, { provider, admin, addAdmin: false, passwordLogin: false, now: new Date() });
        const result = reset(testDb);
        expect(result.status).toBe(1);
        expect(result.stderr).toContain('non lo cancello');
        expect((await testDb.handle.db.select().from(providerProfile))[0]).toMatchObject({ name: 'Provincia di Esempio', isDemo: false });
      } finally {
        await testDb.close();
      }
    },
    240_000,
  );
});
