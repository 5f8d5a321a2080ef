import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db';
import {
  adhesionDocuments,
  adhesionEvents,
  adhesions,
  auditLog,
  enti,
  memberships,
  partnerCredentials,
  partners,
  users,
} from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import type { PlatformRole } from '@/lib/auth/users';
import { inviteStaff, updateStaff } from '@/lib/staff/manage';
import { checkDocument, type AdhesionDocumentKind } from './documents';
import { factsOf, listAdhesionDocuments } from './queries';
import type { conventionInput, documentStatusInput, partnerChoiceInput, referenteInput, trainingDoneInput } from './schemas';
import { checkTransition, type AdhesionStatus } from './state';

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];
type Writer = Pick<Database, 'insert'>;

/** Who acts: CIT staff (with their platform role) or an Ente's admin (role undefined). */
export interface AdhesionActor {
  userId: string;
  role?: PlatformRole;
  address?: string;
}

const NOT_FOUND = 'Ente non trovato: ricarica la pagina.';
const CEASED = 'L’adesione di questo Ente è cessata: il fascicolo non si modifica più.';

export async function auditAdhesion(
  db: Writer,
  actor: AdhesionActor | null,
  enteId: string,
  action: string,
  details: Record<string, unknown>,
) {
  await db.insert(auditLog).values({
    enteId,
    actorUserId: actor?.userId ?? null,
    action,
    targetType: 'adesione',
    targetId: enteId,
    details,
    ip: actor?.address?.slice(0, 45) ?? null,
  });
}

/**
 * A new Ente's adhesion file and its first event: every path that creates an Ente (registration, the CLI,
 * the demo seed) goes through here, so no Ente is ever without one.
 */
export async function openAdhesionFile(
  db: Writer,
  enteId: string,
  status: AdhesionStatus,
  actorUserId: string | null,
  reason: string | null,
) {
  await db.insert(adhesions).values({ enteId }).onConflictDoNothing();
  await db.insert(adhesionEvents).values({ enteId, fromStatus: null, toStatus: status, reason, actorUserId });
}

/** Locks the Ente for the rest of the transaction and answers it; refuses a ceased one when `open` is asked. */
async function lockEnte(tx: Tx, enteId: string, open = true) {
  const [ente] = await tx
    .select({ id: enti.id, adhesionStatus: enti.adhesionStatus, partner: enti.partner, activatedAt: enti.activatedAt })
    .from(enti)
    .where(eq(enti.id, enteId))
    .for('update');
  if (!ente) throw new ActionError(NOT_FOUND);
  if (open && ente.adhesionStatus === 'cessato') throw new ActionError(CEASED);
  await tx.insert(adhesions).values({ enteId }).onConflictDoNothing();
  return ente;
}

/** The prerequisite: the Ente's deliberation adhering to the CIT convention. */
export async function recordConvention(db: Database, actor: AdhesionActor, input: z.output<typeof conventionInput>) {
  await db.transaction(async (tx) => {
    await lockEnte(tx, input.enteId);
    await tx
      .update(adhesions)
      .set({ conventionActNumber: input.actNumber, conventionActDate: input.actDate })
      .where(eq(adhesions.enteId, input.enteId));
    await auditAdhesion(tx, actor, input.enteId, 'adesione_convenzione', { number: input.actNumber, date: input.actDate });
  });
}

/**
 * Appoints the referente operativo, who becomes an admin of the Ente (by fiscal code, through the staff
 * module: a new account when the fiscal code is new, a promotion when they are already staff).
 */
export async function appointReferente(db: Database, actor: AdhesionActor, input: z.output<typeof referenteInput>) {
  const [ente] = await db.select({ status: enti.adhesionStatus }).from(enti).where(eq(enti.id, input.enteId));
  if (!ente) throw new ActionError(NOT_FOUND);
  if (ente.status === 'cessato') throw new ActionError(CEASED);
  const staffActor = { enteId: input.enteId, userId: actor.userId, address: actor.address };
  const [existing] = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.enteId, input.enteId), eq(users.fiscalCode, input.fiscalCode)));
  let userId: string;
  if (!existing) {
    ({ userId } = await inviteStaff(db, staffActor, {
      fiscalCode: input.fiscalCode,
      fullName: input.fullName,
      email: input.email,
      role: 'ente_admin',
      serviceIds: [],
    }));
  } else {
    userId = existing.userId;
    if (existing.role !== 'ente_admin') await updateStaff(db, staffActor, { userId, role: 'ente_admin', serviceIds: [] });
  }
  await db.transaction(async (tx) => {
    await lockEnte(tx, input.enteId);
    await tx
      .update(adhesions)
      .set({
        referenteName: input.fullName,
        referenteEmail: input.email,
        referentePhone: input.phone,
        referenteFiscalCode: input.fiscalCode,
        referenteUserId: userId,
        referenteAppointedAt: new Date(),
      })
      .where(eq(adhesions.enteId, input.enteId));
    await auditAdhesion(tx, actor, input.enteId, 'adesione_referente', { fiscalCode: input.fiscalCode, userId });
  });
  return { userId };
}

/** Names the Ente's partner tecnologico, among the compatible ones of the registry. */
export async function choosePartner(db: Database, actor: AdhesionActor, input: z.output<typeof partnerChoiceInput>) {
  await db.transaction(async (tx) => {
    const ente = await lockEnte(tx, input.enteId);
    const [partner] = await tx.select({ compatible: partners.compatible }).from(partners).where(eq(partners.code, input.partner));
    if (!partner?.compatible) throw new ActionError('Questo partner non risulta compatibile con il portale: scegline un altro.');
    await tx.update(enti).set({ partner: input.partner }).where(eq(enti.id, input.enteId));
    await tx.update(adhesions).set({ partnerChosenAt: new Date() }).where(eq(adhesions.enteId, input.enteId));
    // The sandbox signs its callbacks with a per-Ente secret: the Ente gets one at once.
    if (input.partner === 'sandbox') {
      await tx
        .insert(partnerCredentials)
        .values({ enteId: input.enteId, partner: 'sandbox', callbackSecret: randomBytes(32).toString('hex') })
        .onConflictDoNothing();
    }
    await auditAdhesion(tx, actor, input.enteId, 'adesione_partner', { before: ente.partner, after: input.partner });
  });
}

/**
 * Marks the referente's training done by hand (a session held outside the portal's calendar), with a note;
 * attendance recorded at a training session sets it too.
 */
export async function markTrainingDone(db: Database, actor: AdhesionActor, input: z.output<typeof trainingDoneInput>) {
  await db.transaction(async (tx) => {
    await lockEnte(tx, input.enteId);
    const [done] = await tx
      .update(adhesions)
      .set({ trainingCompletedAt: new Date() })
      .where(and(eq(adhesions.enteId, input.enteId), isNull(adhesions.trainingCompletedAt)))
      .returning({ at: adhesions.trainingCompletedAt });
    if (!done) throw new ActionError('La formazione del referente risulta già svolta.');
    await auditAdhesion(tx, actor, input.enteId, 'adesione_formazione_manuale', { note: input.note });
  });
}

export interface UploadedDocument {
  enteId: string;
  kind: AdhesionDocumentKind;
  filename: string;
  bytes: Buffer;
  handSigned: boolean;
  note: string | null;
}

/** Stores a document of the file after checking its type, size and signature; answers its id and signer. */
export async function storeAdhesionDocument(db: Database, actor: AdhesionActor, doc: UploadedDocument) {
  const checked = checkDocument(doc.kind, doc.bytes, doc.handSigned);
  if (!checked.ok) throw new ActionError(checked.reason, { file: checked.reason });
  const { document } = checked;
  return db.transaction(async (tx) => {
    await lockEnte(tx, doc.enteId);
    const [row] = await tx
      .insert(adhesionDocuments)
      .values({
        enteId: doc.enteId,
        kind: doc.kind,
        filename: safeFilename(doc.filename),
        mime: document.mime,
        size: document.size,
        sha256: document.sha256,
        data: doc.bytes,
        signature: document.signature,
        signerName: document.signer?.name ?? null,
        signerValidFrom: document.signer?.validFrom ?? null,
        signerValidTo: document.signer?.validTo ?? null,
        note: doc.note,
        uploadedBy: actor.userId,
      })
      .returning({ id: adhesionDocuments.id });
    await auditAdhesion(tx, actor, doc.enteId, 'adesione_documento', {
      documentId: row!.id,
      kind: doc.kind,
      sha256: document.sha256,
      signature: document.signature,
      signer: document.signer?.name ?? null,
    });
    return { id: row!.id, signature: document.signature, signer: document.signer };
  });
}

/** The file name as stored and sent back in Content-Disposition: no path, no control characters. */
function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base.replace(/[\p{Cc}"]/gu, '').trim();
  return (clean || 'documento').slice(-200);
}

/** Follows an AgID document: sent, accepted or rejected. */
export async function setDocumentStatus(db: Database, actor: AdhesionActor, input: z.output<typeof documentStatusInput>) {
  await db.transaction(async (tx) => {
    await lockEnte(tx, input.enteId);
    const [doc] = await tx
      .update(adhesionDocuments)
      .set({ status: input.status })
      .where(and(eq(adhesionDocuments.enteId, input.enteId), eq(adhesionDocuments.id, input.documentId)))
      .returning({ kind: adhesionDocuments.kind });
    if (!doc) throw new ActionError('Documento non trovato: ricarica la pagina.');
    await auditAdhesion(tx, actor, input.enteId, 'adesione_documento_stato', { documentId: input.documentId, status: input.status });
  });
}

/**
 * Moves an Ente's adhesion to `to`, if the state machine allows it for the actor's role, the reason and
 * what the file holds. Writes the event and the audit; the first activation sets enti.activated_at.
 */
export async function changeAdhesionStatus(
  db: Database,
  actor: AdhesionActor & { role: PlatformRole },
  input: { enteId: string; to: AdhesionStatus; reason?: string | null },
) {
  return db.transaction(async (tx) => {
    const ente = await lockEnte(tx, input.enteId, false);
    const [adhesion] = await tx.select().from(adhesions).where(eq(adhesions.enteId, input.enteId));
    const [partner] = ente.partner
      ? await tx.select({ compatible: partners.compatible }).from(partners).where(eq(partners.code, ente.partner))
      : [];
    const facts = factsOf(ente, adhesion, await listAdhesionDocuments(tx, input.enteId), partner?.compatible ?? false);
    const reason = input.reason?.trim() || null;
    const check = checkTransition(ente.adhesionStatus, input.to, facts, actor.role, reason ?? undefined);
    if (!check.ok) throw new ActionError(check.reason);
    const now = new Date();
    await tx
      .update(enti)
      .set({ adhesionStatus: input.to, ...(input.to === 'attivo' && !ente.activatedAt ? { activatedAt: now } : {}) })
      .where(eq(enti.id, input.enteId));
    await tx
      .insert(adhesionEvents)
      .values({ enteId: input.enteId, fromStatus: ente.adhesionStatus, toStatus: input.to, reason, actorUserId: actor.userId });
    await auditAdhesion(tx, actor, input.enteId, 'adesione_stato', { from: ente.adhesionStatus, to: input.to, reason });
    return { from: ente.adhesionStatus, to: input.to };
  });
}

/**
 * The Ente's admin asks to leave the service (disdetta), with a reason and the signed request; the CIT
 * sees it on the adhesion page and ceases the Ente.
 */
export async function requestTermination(
  db: Database,
  actor: AdhesionActor,
  input: { enteId: string; reason: string; filename: string; bytes: Buffer; handSigned: boolean },
) {
  const [pending] = await db.select({ at: adhesions.terminationRequestedAt }).from(adhesions).where(eq(adhesions.enteId, input.enteId));
  if (pending?.at) throw new ActionError('La disdetta è già stata inviata: il CIT la sta esaminando.');
  const { id } = await storeAdhesionDocument(db, actor, {
    enteId: input.enteId,
    kind: 'disdetta',
    filename: input.filename,
    bytes: input.bytes,
    handSigned: input.handSigned,
    note: input.reason,
  });
  await db.transaction(async (tx) => {
    await lockEnte(tx, input.enteId);
    await tx
      .update(adhesions)
      .set({ terminationRequestedAt: new Date(), terminationReason: input.reason, terminationRequestedBy: actor.userId })
      .where(eq(adhesions.enteId, input.enteId));
    await auditAdhesion(tx, actor, input.enteId, 'adesione_disdetta', { documentId: id, reason: input.reason });
  });
}
