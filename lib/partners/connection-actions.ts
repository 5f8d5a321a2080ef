'use server';

import { citAction, staffAction, type CitActionContext, type StaffActionContext } from '@/lib/actions/wrapper';
import {
  findConnectableEnte,
  issueConnectionCredential,
  saveConnectionSettings,
  saveServiceCodes,
  testPartnerConnection,
  type ConnectionActor,
} from './connection-admin';
import {
  citConnectionInput,
  citEnteInput,
  citInboundCredentialInput,
  citServiceCodesInput,
  connectionForm,
  inboundCredentialInput,
  serviceCodesInput,
} from './connection-form';
import { defaultPartnerResolver } from './registry';
import { z } from 'zod';

/*
 * The partner connection's actions, twice: the Ente's admin acts on the Ente of the Host; the CIT's admin
 * on the Ente named by id (the page's path). Both run the same use cases in lib/partners/connection-admin.ts.
 * Connection settings carry credentials, so on the CIT's side they are cit_admin's, like a partner's protocol.
 */

const enteActor = (ctx: StaffActionContext): ConnectionActor => ({ userId: ctx.staff.userId, address: ctx.clientAddress, via: 'ente' });
const citActor = (ctx: CitActionContext): ConnectionActor => ({ userId: ctx.staff.userId, address: ctx.clientAddress, via: 'cit' });

export const saveEnteConnection = staffAction('saveEnteConnection', ['ente_admin'], connectionForm, async (data, ctx) => {
  await saveConnectionSettings(ctx.db, enteActor(ctx), ctx.ente, data);
  return { saved: true };
});

export const saveCitConnection = citAction('saveCitConnection', ['cit_admin'], citConnectionInput, async (data, ctx) => {
  await saveConnectionSettings(ctx.db, citActor(ctx), await findConnectableEnte(ctx.db, data.enteId), data.connection);
  return { saved: true };
});

/** The answer is the only time the secret is shown. */
export const issueEnteInboundCredential = staffAction(
  'issueEnteInboundCredential',
  ['ente_admin'],
  inboundCredentialInput,
  async (data, ctx) => issueConnectionCredential(ctx.db, enteActor(ctx), ctx.ente, data),
);

export const issueCitInboundCredential = citAction(
  'issueCitInboundCredential',
  ['cit_admin'],
  citInboundCredentialInput,
  async (data, ctx) => issueConnectionCredential(ctx.db, citActor(ctx), await findConnectableEnte(ctx.db, data.enteId), data.credential),
);

export const testEnteConnection = staffAction('testEnteConnection', ['ente_admin'], z.object({}), async (_data, ctx) => ({
  checks: await testPartnerConnection(ctx.db, enteActor(ctx), ctx.ente, defaultPartnerResolver(ctx.db)),
}));

export const testCitConnection = citAction('testCitConnection', ['cit_admin'], citEnteInput, async (data, ctx) => ({
  checks: await testPartnerConnection(
    ctx.db,
    citActor(ctx),
    await findConnectableEnte(ctx.db, data.enteId),
    defaultPartnerResolver(ctx.db),
  ),
}));

export const saveEnteServiceCodes = staffAction('saveEnteServiceCodes', ['ente_admin'], serviceCodesInput, async (data, ctx) => ({
  changed: await saveServiceCodes(ctx.db, enteActor(ctx), ctx.ente, data),
}));

export const saveCitServiceCodes = citAction('saveCitServiceCodes', ['cit_admin'], citServiceCodesInput, async (data, ctx) => ({
  changed: await saveServiceCodes(ctx.db, citActor(ctx), await findConnectableEnte(ctx.db, data.enteId), data.mapping),
}));
