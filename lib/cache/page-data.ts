import { getDb } from '@/db';
import { findActiveService, listActiveServices } from '@/lib/catalogue/queries';
import { findEnteById, listActiveEnti } from '@/lib/enti/queries';
import { findProviderProfile } from '@/lib/provider/profile';
import { cachedQuery } from './cached-query';
import { ENTI_TAG, PROVIDER_TAG, catalogueTag, enteTag, serviceTag } from './tags';

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
