'use server';

import { revalidatePath } from 'next/cache';
import { citAction } from '@/lib/actions/wrapper';
import { saveProviderProfile } from './profile';
import { providerProfileSchema } from './schemas';

/** A CIT admin edits the provider's identity; every page shows it from the next request on. */
export const updateProviderProfile = citAction(
  'updateProviderProfile',
  ['cit_admin'],
  providerProfileSchema,
  async (data, { db, staff, clientAddress }) => {
    await saveProviderProfile(db, data, { userId: staff.userId, address: clientAddress });
    revalidatePath('/', 'layout');
    return { saved: true };
  },
);
