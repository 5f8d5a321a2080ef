import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti } from '@/db/schema';
import { readConfig, type ServerConfig } from '@/lib/config';
import { findProviderProfile } from '@/lib/provider/profile';
import { spConfigFromEnv, type SpConfig } from './sp-config';

/** Every active Ente's AttributeConsumingService (index and name): what the metadata lists and the AuthnRequest names. */
export async function activeEnteServices(db: Database): Promise<{ serviceIndex: number; name: string }[]> {
  return db
    .select({ serviceIndex: enti.spidServiceIndex, name: enti.name })
    .from(enti)
    .where(eq(enti.adhesionStatus, 'attivo'))
    .orderBy(asc(enti.spidServiceIndex));
}

/** The provincial SP as it is now: configuration, the provider's name and the active Enti. */
export async function currentServiceProvider(db: Database, config: ServerConfig = readConfig()): Promise<SpConfig> {
  const [services, provider] = await Promise.all([activeEnteServices(db), findProviderProfile(db)]);
  return spConfigFromEnv(config, services, provider?.name);
}
