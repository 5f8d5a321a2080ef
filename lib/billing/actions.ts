'use server';

import { ActionError } from '@/lib/actions/result';
import { citAction } from '@/lib/actions/wrapper';
import { approveBillingYear as approve } from './approve';
import { approveBillingSchema, sharedReferenteSchema } from './schemas';
import { setSharedReferente as setShared } from './shared-referente';

/** Freezing a year's billing is a CIT admin's act only (the rule); operators prepare and check it. */
export const approveBillingYear = citAction(
  'approva_fatturazione',
  ['cit_admin'],
  approveBillingSchema,
  async (input, { db, staff, clientAddress }) => {
    const outcome = await approve(db, input, { userId: staff.userId, address: clientAddress });
    if (!outcome.ok) throw new ActionError(outcome.reason);
    return { statements: outcome.statements, totalCents: outcome.totalCents };
  },
);

/**
 * The multi-ente condition is a fact of the adhesion that operators record as well as admins; it changes the
 * fees of years not yet approved only, since approval freezes them.
 */
export const saveSharedReferente = citAction(
  'salva_referente_condiviso',
  ['cit_admin', 'cit_operator'],
  sharedReferenteSchema,
  async (input, { db, staff, clientAddress }) => {
    const outcome = await setShared(db, input, { userId: staff.userId, address: clientAddress });
    if (outcome === 'not_found') throw new ActionError('Ente non trovato.');
    if (outcome === 'not_a_group') throw new ActionError('Il referente condiviso riguarda solo Unioni di Comuni e Comunità Montane.');
    return { shared: input.shared };
  },
);
