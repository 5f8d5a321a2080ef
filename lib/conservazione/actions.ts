'use server';

import { z } from 'zod';
import { ActionError } from '@/lib/actions/result';
import { staffAction } from '@/lib/actions/wrapper';
import { invalidatePages } from '@/lib/cache/invalidate';
import { pageChanges } from '@/lib/cache/tags';
import { uuidSchema } from '@/lib/validation/ids';
import { conservazioneConfigForm } from './config-form';
import { saveConservazioneConfig } from './ente-config';
import { retryConservazioneReceipt } from './retry';
import { CONSERVAZIONE_ADMIN_ROLES } from './roles';
import { requestConservazioneRun } from './schedule';

/** The admin saves the conservatore and the metadata settings; the public manuale shows them at once. */
export const saveConservazione = staffAction('salva_conservazione', CONSERVAZIONE_ADMIN_ROLES, conservazioneConfigForm, async (data, ctx) => {
  const outcome = await saveConservazioneConfig(ctx.db, { userId: ctx.staff.userId, address: ctx.clientAddress, via: 'ente' }, ctx.ente.id, data);
  invalidatePages(pageChanges.conservazioneChanged(ctx.ente.id));
  return outcome;
});

/** «Invia ora»: the day's run at once, rather than at night (a run already queued or under way is enough). */
export const runConservazioneNow = staffAction('conservazione_invia_ora', CONSERVAZIONE_ADMIN_ROLES, z.object({}), async (_input, ctx) =>
  requestConservazioneRun(ctx.db, ctx.ente.id),
);

/** «Riprova» on one rejected (or stuck) receipt of the Ente, once its cause is fixed. */
export const retryConservazione = staffAction(
  'conservazione_riprova',
  CONSERVAZIONE_ADMIN_ROLES,
  z.object({ id: uuidSchema }),
  async ({ id }, ctx) => {
    const outcome = await retryConservazioneReceipt(ctx.db, { enteId: ctx.ente.id, userId: ctx.staff.userId, address: ctx.clientAddress }, id);
    if (outcome === 'not_found') throw new ActionError('Ricevuta non trovata, o non da riprovare.');
    return outcome;
  },
);
