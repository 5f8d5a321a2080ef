'use server';

import { staffAction } from '@/lib/actions/wrapper';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { cancelPosition } from './cancel';
import { cancelPositionSchema } from './cancel-schema';
import { createCounterPosition } from './counter';
import { counterPositionSchema } from './counter-schema';

/** A clerk cancels a position with a reason; viewers only look. */
export const cancelPositionAction = staffAction(
  'cancelPosition',
  ['ente_admin', 'ente_operator'],
  cancelPositionSchema,
  async (input, { db, ente, staff, clientAddress }) => cancelPosition(db, ente.id, { ...staff, address: clientAddress }, input),
);

/** A clerk creates a position for a debtor at the counter and prints its avviso at once. */
export const createCounterPositionAction = staffAction(
  'createCounterPosition',
  ['ente_admin', 'ente_operator'],
  counterPositionSchema,
  async (input, { db, ente, staff, clientAddress }) =>
    createCounterPosition(db, ente, { ...staff, address: clientAddress }, input, defaultPartnerResolver(db)),
);
