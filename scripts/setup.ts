import './env';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { migrateSchema } from '@/db';
import { openDatabase, targetFromConfig } from '@/db/client';
import { readConfig, productionWarnings, ConfigError } from '@/lib/config';
import { providerProfileSchema } from '@/lib/provider/schemas';
import { firstAdminSchema, runSetup } from '@/lib/setup/first-run';
import { invalidatePagesFromScript } from '@/lib/cache/script-invalidation';
import { pageChanges } from '@/lib/cache/tags';
import { provinciaUrl } from '@/lib/tenancy/urls';

/*
 * `npm run setup`: the first run of a real installation. Checks the configuration, migrates, creates the
 * provider's identity and the first CIT admin (who signs in with SPID/CIE), or with --add-admin one more
 * admin. Missing values are asked for when a terminal is attached; with flags it runs unattended.
 */
const FLAGS = {
  name: { label: 'Nome dell’ente gestore (es. Provincia di Brescia)' },
  'short-name': { label: 'Nome breve (intestazioni)' },
  'fiscal-code': { label: 'Codice fiscale dell’ente gestore (11 cifre)' },
  'ipa-code': { label: 'Codice IPA dell’ente gestore' },
  'centre-name': { label: 'Nome del centro servizi (es. Centro Innovazione e Tecnologie)' },
  'centre-short-name': { label: 'Sigla del centro servizi (es. CIT)' },
  color: { label: 'Colore principale (#RRGGBB)', fallback: '#0066cc' },
  email: { label: 'E-mail di assistenza (facoltativa)', fallback: '' },
  phone: { label: 'Telefono di assistenza (facoltativo)', fallback: '' },
  hours: { label: 'Orari di assistenza (facoltativi)', fallback: '' },
  'admin-fiscal-code': { label: 'Codice fiscale del primo amministratore' },
  'admin-name': { label: 'Nome e cognome dell’amministratore' },
  'admin-email': { label: 'E-mail dell’amministratore (facoltativa)', fallback: '' },
} as const;

type Flag = keyof typeof FLAGS;
const PROVIDER_FLAGS: Flag[] = [
  'name',
  'short-name',
  'fiscal-code',
  'ipa-code',
  'centre-name',
  'centre-short-name',
  'color',
  'email',
  'phone',
  'hours',
];
const ADMIN_FLAGS: Flag[] = ['admin-fiscal-code', 'admin-name', 'admin-email'];

function fail(message: string): never {
  console.error(`setup: ${message}`);
  process.exit(1);
}

async function main() {
  const { values } = parseArgs({
    options: { ...Object.fromEntries(Object.keys(FLAGS).map((k) => [k, { type: 'string' as const }])), 'add-admin': { type: 'boolean' } },
    strict: true,
  });
  let config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  for (const warning of productionWarnings(config)) console.warn(`Attenzione: ${warning}`);
  const addAdmin = values['add-admin'] === true;
  const wanted = addAdmin ? ADMIN_FLAGS : [...PROVIDER_FLAGS, ...ADMIN_FLAGS];
  const answers: Partial<Record<Flag, string>> = {};
  const prompt = process.stdin.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
  for (const flag of wanted) {
    const spec = FLAGS[flag];
    let value = (values as Record<string, string | boolean | undefined>)[flag] as string | undefined;
    if (value === undefined && prompt)
      value = (await prompt.question(`${spec.label}: `)).trim() || ('fallback' in spec ? spec.fallback : '');
    value ??= 'fallback' in spec ? spec.fallback : undefined;
    if (value === undefined) fail(`manca --${flag} (${spec.label})`);
    answers[flag] = value;
  }
  prompt?.close();

  const admin = firstAdminSchema.safeParse({
    fiscalCode: answers['admin-fiscal-code'],
    fullName: answers['admin-name'],
    email: answers['admin-email'],
  });
  if (!admin.success) fail(admin.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  let provider;
  if (!addAdmin) {
    const parsed = providerProfileSchema.safeParse({
      name: answers.name,
      shortName: answers['short-name'],
      fiscalCode: answers['fiscal-code'],
      ipaCode: answers['ipa-code'],
      serviceCentreName: answers['centre-name'],
      serviceCentreShortName: answers['centre-short-name'],
      primaryColor: answers.color,
      email: answers.email,
      phone: answers.phone,
      officeHours: answers.hours,
    });
    if (!parsed.success) fail(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    provider = parsed.data;
  }

  const handle = await openDatabase(targetFromConfig(config));
  try {
    await migrateSchema(handle, config);
    const outcome = await runSetup(handle.db, {
      provider,
      admin: admin.data,
      addAdmin,
      passwordLogin: config.STAFF_PASSWORD_LOGIN,
      now: new Date(),
    });
    if (outcome.kind === 'refused') fail(outcome.reason);
    await invalidatePagesFromScript('setup', pageChanges.everything());
    console.log(outcome.kind === 'installed' ? 'Portale configurato.' : 'Amministratore aggiunto.');
    console.log(`${admin.data.fullName} (${admin.data.fiscalCode}) entra con SPID o CIE su ${provinciaUrl('/cit')}`);
    if (config.STAFF_PASSWORD_LOGIN && !outcome.passwordToken) console.log('Nessuna e-mail indicata: niente password, solo SPID o CIE.');
    if (outcome.passwordToken) {
      console.log(
        `Link per impostare la password (uso singolo, 72 ore): ${provinciaUrl(`/cit/accedi/nuova-password?token=${outcome.passwordToken}`)}`,
      );
    }
  } finally {
    await handle.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
