'use server';

import { staffAction, type StaffActionContext } from '@/lib/actions/wrapper';
import { invalidatePages } from '@/lib/cache/invalidate';
import { pageChanges } from '@/lib/cache/tags';
import { createService, moveService, setServiceActive, setServiceManagers, updateService, type CatalogueActor } from './manage';
import {
  moveServiceSchema,
  serviceFormSchema,
  setServiceActiveSchema,
  setServiceManagersSchema,
  updateServiceSchema,
} from './service-schema';

const actorOf = (ctx: StaffActionContext): CatalogueActor => ({ enteId: ctx.ente.id, staff: ctx.staff, ip: ctx.clientAddress });

/** Only admins add services: a new service is outside every limited operator's scope anyway. */
export const createServiceAction = staffAction('servizio_crea', ['ente_admin'], serviceFormSchema, async (data, ctx) => {
  const created = await createService(ctx.db, actorOf(ctx), data);
  invalidatePages(pageChanges.serviceListed(created));
  return { code: created.code };
});

export const updateServiceAction = staffAction(
  'servizio_modifica',
  ['ente_admin', 'ente_operator'],
  updateServiceSchema,
  async (input, ctx) => {
    const updated = await updateService(ctx.db, actorOf(ctx), input);
    invalidatePages(pageChanges.serviceEdited(updated));
    return { version: updated.updatedAt.toISOString() };
  },
);

export const setServiceActiveAction = staffAction(
  'servizio_attiva',
  ['ente_admin', 'ente_operator'],
  setServiceActiveSchema,
  async (input, ctx) => {
    invalidatePages(pageChanges.serviceListed(await setServiceActive(ctx.db, actorOf(ctx), input)));
    return null;
  },
);

export const moveServiceAction = staffAction('servizio_sposta', ['ente_admin', 'ente_operator'], moveServiceSchema, async (input, ctx) => {
  await moveService(ctx.db, actorOf(ctx), input);
  invalidatePages(pageChanges.catalogueReordered(ctx.ente.id));
  return null;
});

export const setServiceManagersAction = staffAction('servizio_operatori', ['ente_admin'], setServiceManagersSchema, async (input, ctx) => {
  await setServiceManagers(ctx.db, actorOf(ctx), input);
  return null;
});
