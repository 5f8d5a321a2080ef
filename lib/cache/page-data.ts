import { getDb } from '@/db';
import { findActiveService, listActiveServices } from '@/lib/catalogue/queries';
import { loadConservazioneConfig } from '@/lib/conservazione/ente-config';
import type { PublishedConservazione } from '@/lib/conservazione/manual';
import { findEnteById, listActiveEnti } from '@/lib/enti/queries';
import { findProviderProfile } from '@/lib/provider/profile';
import { cachedQuery } from './cached-query';
import { ENTI_TAG, PROVIDER_TAG, catalogueTag, conservazioneTag, enteTag, serviceTag } from './tags';

/*
 * What the cached citizen pages read, through Next's data cache, each read tagged with what invalidates it
 * (tags.ts). Pages rendered per request may read them too: the header of the back office shows the same Ente.
 */

/** An Ente by id, in any state: the page decides what its state allows. */
export const cachedEnte = cachedQuery(
  'ente',
  async (id: string) => findEnteById(await getDb(), id),
  (id) => [enteTag(id)],
);

export const cachedActiveServices = cachedQuery(
  'catalogue',
  async (enteId: string) => listActiveServices(await getDb(), enteId),
  (enteId) => [catalogueTag(enteId)],
);

export const cachedActiveService = cachedQuery(
  'service',
  async (enteId: string, code: string) => findActiveService(await getDb(), enteId, code),
  (enteId, code) => [serviceTag(enteId, code)],
);

export const cachedActiveEnti = cachedQuery(
  'enti',
  async () => listActiveEnti(await getDb()),
  () => [ENTI_TAG],
);

export const cachedProviderProfile = cachedQuery(
  'provider',
  async () => findProviderProfile(await getDb()),
  () => [PROVIDER_TAG],
);

/** What the Ente's public manuale di conservazione shows of its configuration: never the ParER account or password. */
export const cachedPublishedConservazione = cachedQuery(
  'conservazione',
  async (enteId: string): Promise<PublishedConservazione> => {
    const config = await loadConservazioneConfig(await getDb(), enteId);
    return config
      ? { conservatore: config.conservatore, enabled: config.enabled, settings: config.settings }
      : { conservatore: 'none', enabled: false, settings: null };
  },
  (enteId) => [conservazioneTag(enteId)],
);
