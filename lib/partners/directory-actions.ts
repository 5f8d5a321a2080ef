'use server';

import { ActionError } from '@/lib/actions/result';
import { citAction } from '@/lib/actions/wrapper';
import { updatePartnerContacts, updatePartnerStatus } from './directory';
import { partnerContactsSchema, partnerStatusSchema } from './directory-schemas';

const NOT_FOUND = 'Partner non trovato nel registro.';

/** Contacts and technical referent: CIT operators keep them current as well as admins. */
export const savePartnerContacts = citAction(
  'salva_contatti_partner',
  ['cit_admin', 'cit_operator'],
  partnerContactsSchema,
  async ({ code, ...data }, { db, staff, clientAddress }) => {
    if (!(await updatePartnerContacts(db, code, data, { userId: staff.userId, address: clientAddress }))) throw new ActionError(NOT_FOUND);
    return { saved: true };
  },
);

/** Compatibility and protocol decide which partners Enti may be given: a CIT admin's call only. */
export const savePartnerStatus = citAction(
  'salva_stato_partner',
  ['cit_admin'],
  partnerStatusSchema,
  async ({ code, ...data }, { db, staff, clientAddress }) => {
    if (!(await updatePartnerStatus(db, code, data, { userId: staff.userId, address: clientAddress }))) throw new ActionError(NOT_FOUND);
    return { saved: true };
  },
);
