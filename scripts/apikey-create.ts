import './env';
import { parseArgs } from 'node:util';
import { getDb } from '@/db';
import { createApiKey } from '@/lib/api/keys';
import { apiKeyLabelSchema } from '@/lib/api/key-schemas';
import { API_SCOPES, apiScopesSchema, DEFAULT_API_SCOPES } from '@/lib/api/scopes';
import { ConfigError, readConfig } from '@/lib/config';
import { findActiveEnteBySlug } from '@/lib/enti/queries';

/**
 * `npm run -s apikey:create -- --ente <slug> --label <text> [--scopes positions,receipts,preservation]`: prints
 * only the new key on stdout, so that `KEY=$(npm run -s apikey:create -- …)` works; everything else goes to
 * stderr. Without --scopes the key may use positions and receipts, as every key could before scopes.
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
    options: { ente: { type: 'string' }, label: { type: 'string' }, scopes: { type: 'string' } },
    strict: true,
  });
  const label = apiKeyLabelSchema.safeParse(values.label ?? '');
  const scopes = apiScopesSchema.safeParse(values.scopes === undefined ? DEFAULT_API_SCOPES : values.scopes.split(','));
  if (!values.ente || !label.success || !scopes.success) {
    const problem = !label.success ? label.error.issues[0]!.message : !scopes.success ? scopes.error.issues[0]!.message : null;
    console.error(`apikey:create: uso: --ente <slug> --label <testo> [--scopes ${API_SCOPES.join(',')}]${problem ? ` (${problem})` : ''}`);
    process.exit(1);
  }
  const db = await getDb();
  const ente = await findActiveEnteBySlug(db, values.ente);
  if (!ente) {
    console.error(`apikey:create: nessun Ente attivo con slug «${values.ente}»`);
    process.exit(1);
  }
  const { key } = await createApiKey(db, { enteId: ente.id, label: label.data, scopes: scopes.data, createdBy: null });
  process.stdout.write(`${key}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
