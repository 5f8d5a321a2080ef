'use server';

import { ActionError } from '@/lib/actions/result';
import { citAction, staffAction, type CitActionContext } from '@/lib/actions/wrapper';
import { invalidatePages } from '@/lib/cache/invalidate';
import { pageChanges } from '@/lib/cache/tags';
import { enteRegistrationSchema, registerEnte } from '@/lib/enti/registration';
import {
  appointReferente,
  changeAdhesionStatus,
  choosePartner,
  markTrainingDone,
  recordConvention,
  requestTermination,
  setDocumentStatus,
  storeAdhesionDocument,
  type AdhesionActor,
} from './adhesion';
import {
  advanceInput,
  ceaseInput,
  conventionInput,
  documentStatusInput,
  documentUploadInput,
  partnerChoiceInput,
  reactivateInput,
  referenteInput,
  suspendInput,
  terminationInput,
  trainingDoneInput,
} from './schemas';

const EVERY = ['cit_admin', 'cit_operator'] as const;
const actorOf = (ctx: CitActionContext): AdhesionActor & { role: CitActionContext['staff']['role'] } => ({
  userId: ctx.staff.userId,
  role: ctx.staff.role,
  address: ctx.clientAddress,
});

/** CIT staff register an Ente: its adhesion starts `richiesta`; the referente is appointed on its file. */
export const registerEnteForCit = citAction(
  'registerEnteForCit',
  EVERY,
  enteRegistrationSchema.omit({ activate: true, admin: true }),
  async (data, ctx) => {
    const outcome = await registerEnte(ctx.db, { ...data, activate: false }, ctx.staff.userId);
    if (!outcome.ok) throw new ActionError(`Impossibile registrare l’Ente: ${outcome.reason}.`);
    // Its subdomain now names an Ente not active yet, instead of none (the site directory).
    invalidatePages(pageChanges.enteChanged(outcome.ente.id));
    return { id: outcome.ente.id };
  },
);

export const recordConventionAct = citAction('recordConventionAct', EVERY, conventionInput, async (data, ctx) => {
  await recordConvention(ctx.db, actorOf(ctx), data);
  return { saved: true };
});

export const appointAdhesionReferente = citAction('appointAdhesionReferente', EVERY, referenteInput, async (data, ctx) => {
  await appointReferente(ctx.db, actorOf(ctx), data);
  return { saved: true };
});

export const chooseAdhesionPartner = citAction('chooseAdhesionPartner', EVERY, partnerChoiceInput, async (data, ctx) => {
  await choosePartner(ctx.db, actorOf(ctx), data);
  // An active Ente serves citizens only with a partner.
  invalidatePages(pageChanges.enteChanged(data.enteId));
  return { saved: true };
});

export const markAdhesionTrainingDone = citAction('markAdhesionTrainingDone', EVERY, trainingDoneInput, async (data, ctx) => {
  await markTrainingDone(ctx.db, actorOf(ctx), data);
  return { saved: true };
});

export const uploadAdhesionDocument = citAction('uploadAdhesionDocument', EVERY, documentUploadInput, async (data, ctx) => {
  const stored = await storeAdhesionDocument(ctx.db, actorOf(ctx), {
    enteId: data.enteId,
    kind: data.kind,
    filename: data.file.name,
    bytes: Buffer.from(await data.file.arrayBuffer()),
    handSigned: data.handSigned,
    note: data.note,
  });
  return { id: stored.id, signature: stored.signature, signer: stored.signer?.name ?? null };
});

export const setAdhesionDocumentStatus = citAction('setAdhesionDocumentStatus', EVERY, documentStatusInput, async (data, ctx) => {
  await setDocumentStatus(ctx.db, actorOf(ctx), data);
  return { saved: true };
});

/** A state change, then the Ente's pages and the provincial home follow it. */
async function changeStatus(ctx: CitActionContext, input: Parameters<typeof changeAdhesionStatus>[2]) {
  const changed = await changeAdhesionStatus(ctx.db, actorOf(ctx), input);
  invalidatePages(pageChanges.enteChanged(input.enteId));
  return changed;
}

/** Request → activation → active: both CIT roles, once the file holds what each step needs. */
export const advanceAdhesion = citAction('advanceAdhesion', EVERY, advanceInput, async (data, ctx) =>
  changeStatus(ctx, { enteId: data.enteId, to: data.to }),
);

/** Suspending, reactivating and ceasing an Ente are the CIT admin's alone. */
export const suspendEnte = citAction('suspendEnte', ['cit_admin'], suspendInput, async (data, ctx) =>
  changeStatus(ctx, { enteId: data.enteId, to: 'sospeso', reason: data.reason }),
);

export const reactivateEnte = citAction('reactivateEnte', ['cit_admin'], reactivateInput, async (data, ctx) =>
  changeStatus(ctx, { enteId: data.enteId, to: 'attivo', reason: data.reason }),
);

export const ceaseEnte = citAction('ceaseEnte', ['cit_admin'], ceaseInput, async (data, ctx) =>
  changeStatus(ctx, { enteId: data.enteId, to: 'cessato', reason: data.reason }),
);

/** The Ente's admin sends the disdetta from the back office: reason and signed request. */
export const requestAdhesionTermination = staffAction('requestAdhesionTermination', ['ente_admin'], terminationInput, async (data, ctx) => {
  await requestTermination(
    ctx.db,
    { userId: ctx.staff.userId, address: ctx.clientAddress },
    {
      enteId: ctx.ente.id,
      reason: data.reason,
      filename: data.file.name,
      bytes: Buffer.from(await data.file.arrayBuffer()),
      handSigned: data.handSigned,
    },
  );
  return { sent: true };
});
