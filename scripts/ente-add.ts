import './env';
import { parseArgs } from 'node:util';
import { getDb } from '@/db';
import { invalidatePagesFromScript } from '@/lib/cache/script-invalidation';
import { pageChanges } from '@/lib/cache/tags';
import { ConfigError, readConfig } from '@/lib/config';
import { enteRegistrationSchema, registerEnte } from '@/lib/enti/registration';
import { enteUrl } from '@/lib/tenancy/urls';

/**
 * `npm run ente:add -- --name … --kind comune --fiscal-code … --ipa-code … --slug … --admin-fiscal-code …
 * --admin-name … [--population N] [--parent <slug>] [--activate]`: registers an Ente with its referente
 * as first admin, until the CIT dashboard's onboarding does it with the whole adhesion workflow.
 */
async function main() {
  try {
    readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      'fiscal-code': { type: 'string' },
      'ipa-code': { type: 'string' },
      slug: { type: 'string' },
      population: { type: 'string' },
      parent: { type: 'string' },
      'admin-fiscal-code': { type: 'string' },
      'admin-name': { type: 'string' },
      activate: { type: 'boolean' },
    },
    strict: true,
  });
  const parsed = enteRegistrationSchema.safeParse({
    name: values.name,
    kind: values.kind,
    fiscalCode: values['fiscal-code'],
    ipaCode: values['ipa-code'],
    slug: values.slug,
    population2013: values.population,
    parentSlug: values.parent,
    activate: values.activate ?? false,
    admin: { fiscalCode: values['admin-fiscal-code'], fullName: values['admin-name'] },
  });
  if (!parsed.success) {
    console.error(`ente:add: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    process.exit(1);
  }
  const outcome = await registerEnte(await getDb(), parsed.data, null);
  if (!outcome.ok) {
    console.error(`ente:add: ${outcome.reason}`);
    process.exit(1);
  }
  const { ente } = outcome;
  await invalidatePagesFromScript('ente:add', pageChanges.enteChanged(ente.id));
  console.log(
    `Registrato ${ente.name} (${ente.adhesionStatus}). Portale: ${enteUrl(ente.slug)}  back office: ${enteUrl(ente.slug, '/admin')}`,
  );
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
