'use server';

import { citAction } from '@/lib/actions/wrapper';
import { invalidatePages } from '@/lib/cache/invalidate';
import { pageChanges } from '@/lib/cache/tags';
import { saveProviderProfile } from './profile';
import { providerProfileSchema } from './schemas';

/** A CIT admin edits the provider's identity; every page shows it from the next request on. */
export const updateProviderProfile = citAction(
  'updateProviderProfile',
  ['cit_admin'],
  providerProfileSchema,
  async (data, { db, staff, clientAddress }) => {
    await saveProviderProfile(db, data, { userId: staff.userId, address: clientAddress });
    invalidatePages(pageChanges.providerChanged());
    return { saved: true };
  },
);
