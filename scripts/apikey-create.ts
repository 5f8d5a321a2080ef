import './env';
import { parseArgs } from 'node:util';
import { getDb } from '@/db';
import { createApiKey } from '@/lib/api/keys';
import { apiKeyLabelSchema } from '@/lib/api/key-schemas';
import { ConfigError, readConfig } from '@/lib/config';
import { findActiveEnteBySlug } from '@/lib/enti/queries';

/**
 * `npm run -s apikey:create -- --ente <slug> --label <text>`: prints only the new key on stdout, so that
 * `KEY=$(npm run -s apikey:create -- …)` works; everything else goes to stderr.
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
  const { values } = parseArgs({ options: { ente: { type: 'string' }, label: { type: 'string' } }, strict: true });
  const label = apiKeyLabelSchema.safeParse(values.label ?? '');
  if (!values.ente || !label.success) {
    console.error(`apikey:create: uso: --ente <slug> --label <testo>${label.success ? '' : ` (${label.error.issues[0]!.message})`}`);
    process.exit(1);
  }
  const db = await getDb();
  const ente = await findActiveEnteBySlug(db, values.ente);
  if (!ente) {
    console.error(`apikey:create: nessun Ente attivo con slug «${values.ente}»`);
    process.exit(1);
  }
  const { key } = await createApiKey(db, { enteId: ente.id, label: label.data, createdBy: null });
  process.stdout.write(`${key}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
