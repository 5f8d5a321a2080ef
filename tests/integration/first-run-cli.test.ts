import { spawn, spawnSync } from 'node:child_process';
import { count } from 'drizzle-orm';
import { enti, providerProfile, users } from '@/db/schema';
import { createTestDatabase, withDatabase, type TestDatabase } from '../support/test-db';

/*
 * The commands a Province runs on a real installation, as child processes on a database of their own:
 * `npm run setup` and `npm run worker` with no demo settings, as a person would start them.
 */
let testDb: TestDatabase;

beforeAll(async () => {
  testDb = await createTestDatabase({ seed: false, onDisk: true });
  // PGlite is single-process: the scripts open it themselves.
  if (!testDb.env.DATABASE_URL) await testDb.handle.close();
}, 180_000);

afterAll(async () => {
  if (testDb.env.DATABASE_URL) await testDb.close();
});

/** The environment of a person's shell: no NODE_ENV (so development defaults), no demo switches. */
function shellEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...testDb.env, LOG_LEVEL: 'info' };
  for (const key of ['NODE_ENV', 'SEED_DEMO_DATA', 'STAFF_PASSWORD_LOGIN']) delete env[key];
  if (!testDb.env.DATABASE_URL) delete env.DATABASE_URL;
  return env;
}

const counts = () =>
  withDatabase(testDb, async ({ db }) => ({
    enti: (await db.select({ n: count() }).from(enti))[0]!.n,
    users: (await db.select({ n: count() }).from(users))[0]!.n,
    providers: (await db.select({ n: count() }).from(providerProfile))[0]!.n,
  }));

describe('a real installation from the command line', () => {
  it('npm run worker started alone on an empty database loads no demo data', async () => {
    const worker = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/worker.ts'], {
      env: shellEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`il worker non è partito:\n${output}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('worker avviato')) {
          clearTimeout(timer);
          resolve();
        }
      };
      worker.stdout.on('data', onData);
      worker.stderr.on('data', onData);
    });
    await new Promise((resolve) => {
      worker.once('exit', resolve);
      worker.kill('SIGTERM');
    });
    expect(output).not.toContain('dati dimostrativi');
    expect(await counts()).toEqual({ enti: 0, users: 0, providers: 0 });
  }, 120_000);

  it('npm run setup creates the provider and one admin, refuses a second run, and adds an admin when asked', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/setup.ts', ...args], {
        env: shellEnv(),
        encoding: 'utf8',
        timeout: 90_000,
      });
    const provider = [
      '--name=Provincia di Esempio',
      '--short-name=Provincia di Esempio',
      '--fiscal-code=80008750178',
      '--ipa-code=p_es',
      '--centre-name=Servizi digitali',
      '--centre-short-name=SD',
    ];
    const first = run(...provider, '--admin-fiscal-code=BRTLRA75C52B157G', '--admin-name=Laura Bertoli');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Portale configurato.');
    expect(first.stdout).toContain('entra con SPID o CIE');

    const again = run(...provider, '--admin-fiscal-code=ZNRMRC82P05B157W', '--admin-name=Marco Zanardelli');
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('già configurato');

    const added = run('--add-admin', '--admin-fiscal-code=ZNRMRC82P05B157W', '--admin-name=Marco Zanardelli');
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('Amministratore aggiunto.');

    const invalid = run('--add-admin', '--admin-fiscal-code=RSSMRA80A01H501X', '--admin-name=Mario Rossi');
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('codice fiscale della persona non valido');
  }, 200_000);

  it('left exactly the provider and two admins, and still no demo data', async () => {
    expect(await counts()).toEqual({ enti: 0, users: 2, providers: 1 });
  });

  it('npm run ente:add registers an Ente with its referente as first admin', async () => {
    const add = (...args: string[]) =>
      spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'scripts/ente-add.ts', ...args], {
        env: shellEnv(),
        encoding: 'utf8',
        timeout: 90_000,
      });
    const args = [
      '--name=Comune di Esempio',
      '--kind=comune',
      '--fiscal-code=00841230170',
      '--ipa-code=c_esempio',
      '--slug=esempio',
      '--admin-fiscal-code=FRRPLA70H21B157M',
      '--admin-name=Paolo Ferri',
      '--activate',
    ];
    const first = add(...args);
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Registrato Comune di Esempio (attivo)');
    const again = add(...args);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('esiste già un Ente con questo sottodominio');
    expect(await counts()).toEqual({ enti: 1, users: 3, providers: 1 });
  }, 200_000);
});
