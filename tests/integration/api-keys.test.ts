import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { apiKeys, apiScope, auditLog } from '@/db/schema';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from '@/lib/api/keys';
import { API_SCOPES } from '@/lib/api/scopes';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let testDb: TestDatabase;

// On disk: the CLI test opens the same database from a child process.
beforeAll(async () => {
  testDb = await createTestDatabase({ seed: true, onDisk: true });
}, 180_000);

afterAll(async () => {
  await testDb.close();
});

async function enteId(slug: string): Promise<string> {
  return (await findActiveEnteBySlug(testDb.handle.db, slug))!.id;
}

describe('API keys', () => {
  it('live from creation to revocation, stored only as a hash', async () => {
    const db = testDb.handle.db;
    const valmora = await enteId('valmora');
    const { id, key, prefix } = await createApiKey(db, { enteId: valmora, label: 'Gestionale mensa', createdBy: null });
    expect(key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(prefix)).toBe(true);
    const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
    expect(row!.keyHash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(key.slice(prefix.length));

    const now = new Date();
    expect(await authenticateApiKey(db, valmora, key, now)).toEqual({
      keyId: id,
      label: 'Gestionale mensa',
      scopes: ['positions', 'receipts'],
    });
    expect((await listApiKeys(db, valmora)).find((k) => k.id === id)?.lastUsedAt?.getTime()).toBe(now.getTime());
    // Within a minute the row is not written again; after it, it is.
    await authenticateApiKey(db, valmora, key, new Date(now.getTime() + 30_000));
    expect((await listApiKeys(db, valmora)).find((k) => k.id === id)?.lastUsedAt?.getTime()).toBe(now.getTime());
    const later = new Date(now.getTime() + 61_000);
    await authenticateApiKey(db, valmora, key, later);
    expect((await listApiKeys(db, valmora)).find((k) => k.id === id)?.lastUsedAt?.getTime()).toBe(later.getTime());

    expect(await revokeApiKey(db, valmora, id)).toBe(true);
    expect(await revokeApiKey(db, valmora, id)).toBe(false);
    expect(await authenticateApiKey(db, valmora, key, later)).toBeNull();
    const audited = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id), eq(auditLog.enteId, valmora)));
    expect(audited.map((a) => a.action).sort()).toEqual(['chiave_api_creata', 'chiave_api_revocata']);
    expect(JSON.stringify(audited)).not.toContain(key);
  });

  it("refuses another Ente's key and revokes nothing across Enti", async () => {
    const db = testDb.handle.db;
    const [valmora, demo] = [await enteId('valmora'), await enteId('comune-demo')];
    const { id, key } = await createApiKey(db, { enteId: valmora, label: 'Tributi', createdBy: null });
    expect(await authenticateApiKey(db, demo, key, new Date())).toBeNull();
    expect(await revokeApiKey(db, demo, id)).toBe(false);
    expect(await authenticateApiKey(db, valmora, key, new Date())).toEqual({
      keyId: id,
      label: 'Tributi',
      scopes: ['positions', 'receipts'],
    });
    expect((await listApiKeys(db, demo)).map((k) => k.id)).not.toContain(id);
  });

  it('treats malformed keys and ids as unknown', async () => {
    const db = testDb.handle.db;
    const valmora = await enteId('valmora');
    const { key } = await createApiKey(db, { enteId: valmora, label: 'Multe', createdBy: null });
    for (const presented of ['', 'pk_', `${key}x`, key.slice(0, -1), `${key.slice(0, -1)}\u0000`, key.toUpperCase(), 'x'.repeat(100_000)]) {
      expect(await authenticateApiKey(db, valmora, presented, new Date())).toBeNull();
    }
    for (const id of ['', 'nope', '\u0000', "' or 1=1 --", '00000000-0000-0000-0000-000000000000']) {
      expect(await revokeApiKey(db, valmora, id)).toBe(false);
    }
  });
});

describe('API key scopes', () => {
  it('are the database enum, written out for the browser', () => {
    expect([...API_SCOPES]).toEqual(apiScope.enumValues);
  });

  it('cannot be empty, even written directly', async () => {
    const db = testDb.handle.db;
    const valmora = await enteId('valmora');
    await expect(
      db.insert(apiKeys).values({ enteId: valmora, label: 'Nulla', keyHash: 'f'.repeat(64), prefix: 'pk_nulla', scopes: [] }),
    ).rejects.toThrow();
  });
});

describe('npm run apikey:create', () => {
  function run(args: string[]) {
    const env: NodeJS.ProcessEnv = { ...process.env, ...testDb.env };
    if (!testDb.env.DATABASE_URL) delete env.DATABASE_URL;
    return spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/apikey-create.ts', ...args], {
      env,
      encoding: 'utf8',
      timeout: 120_000,
    });
  }

  it('prints only the key, which then authenticates for that Ente', async () => {
    const pglite = !testDb.env.DATABASE_URL;
    if (pglite) await testDb.handle.close();
    const done = run(['--ente', 'valmora', '--label', 'Software tributi']);
    const refused = run(['--ente', 'inesistente', '--label', 'Software tributi']);
    const noLabel = run(['--ente', 'valmora']);
    const archive = run(['--ente', 'valmora', '--label', 'Conservatore', '--scopes', 'preservation']);
    const badScope = run(['--ente', 'valmora', '--label', 'Tutto', '--scopes', 'positions,admin']);
    if (pglite) {
      const { openDatabase } = await import('@/db/client');
      const handle = await openDatabase({ dataDir: testDb.env.PGLITE_DATA_DIR! });
      testDb = { ...testDb, handle, close: () => handle.close() };
    }
    expect(done.status).toBe(0);
    expect(done.stdout).toMatch(/^pk_[A-Za-z0-9_-]{43}\n$/);
    const key = done.stdout.trim();
    const db = testDb.handle.db;
    const valmora = await enteId('valmora');
    expect(await authenticateApiKey(db, valmora, key, new Date())).not.toBeNull();
    const listed = await listApiKeys(db, valmora);
    expect(listed.find((k) => k.label === 'Software tributi')?.scopes).toEqual(['positions', 'receipts']);
    expect(archive.status).toBe(0);
    expect(listed.find((k) => k.label === 'Conservatore')?.scopes).toEqual(['preservation']);
    expect(badScope.status).toBe(1);
    expect(badScope.stdout).toBe('');
    expect(listed.some((k) => k.label === 'Tutto')).toBe(false);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('nessun Ente attivo');
    expect(noLabel.status).toBe(1);
    expect(noLabel.stdout).toBe('');
  }, 300_000);
});
