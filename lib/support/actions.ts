'use server';

import { ActionError } from '@/lib/actions/result';
import { citAction, staffAction } from '@/lib/actions/wrapper';
import { assignSupportRequest, changeSupportStatus } from './requests';
import { SUPPORT_CIT_ROLES, SUPPORT_ENTE_ROLES } from './roles';
import { assignSchema, changeStatusSchema, requestIdSchema } from './schemas';

const NOT_FOUND = 'Richiesta di assistenza non trovata';

/** The Ente closes its request: solved, or no longer needed. */
export const closeSupportRequest = staffAction('closeSupportRequest', SUPPORT_ENTE_ROLES, requestIdSchema, async ({ id }, ctx) => {
  const outcome = await changeSupportStatus(
    ctx.db,
    { kind: 'ente', enteId: ctx.ente.id },
    { requestId: id, status: 'chiusa' },
    { userId: ctx.staff.userId, address: ctx.clientAddress },
  );
  if (outcome === 'not_found') throw new ActionError(NOT_FOUND);
  return outcome;
});

/** The Ente reopens a closed request: the problem came back. */
export const reopenSupportRequest = staffAction('reopenSupportRequest', SUPPORT_ENTE_ROLES, requestIdSchema, async ({ id }, ctx) => {
  const outcome = await changeSupportStatus(
    ctx.db,
    { kind: 'ente', enteId: ctx.ente.id },
    { requestId: id, status: 'aperta' },
    { userId: ctx.staff.userId, address: ctx.clientAddress },
  );
  if (outcome === 'not_found') throw new ActionError(NOT_FOUND);
  if (outcome === 'not_allowed') throw new ActionError('Si può riaprire solo una richiesta chiusa');
  return outcome;
});

export const setSupportRequestStatus = citAction('setSupportRequestStatus', SUPPORT_CIT_ROLES, changeStatusSchema, async (input, ctx) => {
  const outcome = await changeSupportStatus(
    ctx.db,
    { kind: 'cit' },
    { requestId: input.id, status: input.stato },
    { userId: ctx.staff.userId, address: ctx.clientAddress },
  );
  if (outcome === 'not_found') throw new ActionError(NOT_FOUND);
  return outcome;
});

export const assignSupport = citAction('assignSupport', SUPPORT_CIT_ROLES, assignSchema, async (input, ctx) => {
  const outcome = await assignSupportRequest(
    ctx.db,
    { requestId: input.id, assigneeId: input.assegnatario },
    { userId: ctx.staff.userId, address: ctx.clientAddress },
  );
  if (outcome === 'not_found') throw new ActionError(NOT_FOUND);
  if (outcome === 'not_cit_staff')
    throw new ActionError('Si può assegnare solo a personale del centro servizi', { assegnatario: 'Scegli una persona dell’elenco' });
  return outcome;
});
