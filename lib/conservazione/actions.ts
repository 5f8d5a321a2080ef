'use server';

import { z } from 'zod';
import { ActionError } from '@/lib/actions/result';
import { staffAction, type StaffActionContext } from '@/lib/actions/wrapper';
import { invalidatePages } from '@/lib/cache/invalidate';
import { pageChanges } from '@/lib/cache/tags';
import { uuidSchema } from '@/lib/validation/ids';
import { conservazioneConfigForm } from './config-form';
import { saveConservazioneConfig, type ConservazioneActor } from './ente-config';
import { retryConservazioneReceipt, runConservazioneNow } from './operations';
import { CONSERVAZIONE_ADMIN_ROLES } from './roles';

const actorOf = (ctx: StaffActionContext): ConservazioneActor => ({ userId: ctx.staff.userId, address: ctx.clientAddress, via: 'ente' });

/** The admin saves the conservatore and the metadata settings; the public manuale shows them at once. */
export const saveConservazione = staffAction(
  'salva_conservazione',
  CONSERVAZIONE_ADMIN_ROLES,
  conservazioneConfigForm,
  async (data, ctx) => {
    const outcome = await saveConservazioneConfig(ctx.db, actorOf(ctx), ctx.ente.id, data);
    invalidatePages(pageChanges.conservazioneChanged(ctx.ente.id));
    return outcome;
  },
);

/** «Invia ora»: the day's run at once, rather than at night (a run already queued or under way is enough). */
export const sendConservazioneNow = staffAction('conservazione_invia_ora', CONSERVAZIONE_ADMIN_ROLES, z.object({}), async (_input, ctx) => {
  const outcome = await runConservazioneNow(ctx.db, actorOf(ctx), ctx.ente.id);
  if (outcome === 'inactive') throw new ActionError('La conservazione non è attiva: configurala e attivala prima.');
  return outcome;
});

/** «Riprova» on one rejected (or stuck) receipt of the Ente, once its cause is fixed. */
export const retryConservazione = staffAction(
  'conservazione_riprova',
  CONSERVAZIONE_ADMIN_ROLES,
  z.object({ id: uuidSchema }),
  async ({ id }, ctx) => {
    const outcome = await retryConservazioneReceipt(ctx.db, actorOf(ctx), ctx.ente.id, id);
    if (outcome === 'not_found') throw new ActionError('Ricevuta non trovata.');
    if (outcome === 'not_retryable') throw new ActionError('Questa ricevuta non è da riprovare: è già in corso di invio o conservata.');
    return outcome;
  },
);
