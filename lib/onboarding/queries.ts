import { and, asc, count, desc, eq, ilike, inArray, ne, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db';
import {
  adhesionDocuments,
  adhesionEvents,
  adhesions,
  enti,
  partners,
  trainingSessions,
  users,
  type Adhesion,
  type Ente,
} from '@/db/schema';
import type { AdhesionFilter } from './schemas';
import type { AdhesionFacts, AdhesionStatus } from './state';

type Reader = Pick<Database, 'select'>;

export interface EnteRow {
  id: string;
  name: string;
  slug: string;
  kind: Ente['kind'];
  adhesionStatus: AdhesionStatus;
  partnerName: string | null;
  parentName: string | null;
  activatedAt: Date | null;
  terminationRequestedAt: Date | null;
}

/** The CIT's list of Enti: by state, kind and name (or slug, or fiscal code), alphabetical. */
export async function listEntiForCit(db: Database, filter: AdhesionFilter): Promise<EnteRow[]> {
  const parent = alias(enti, 'parent');
  const where: SQL[] = [];
  if (filter.stato) where.push(eq(enti.adhesionStatus, filter.stato));
  if (filter.tipo) where.push(eq(enti.kind, filter.tipo));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(or(ilike(enti.name, like), ilike(enti.slug, like), ilike(enti.fiscalCode, like))!);
  }
  return db
    .select({
      id: enti.id,
      name: enti.name,
      slug: enti.slug,
      kind: enti.kind,
      adhesionStatus: enti.adhesionStatus,
      partnerName: partners.name,
      parentName: parent.name,
      activatedAt: enti.activatedAt,
      terminationRequestedAt: adhesions.terminationRequestedAt,
    })
    .from(enti)
    .leftJoin(parent, eq(parent.id, enti.parentId))
    .leftJoin(partners, eq(partners.code, enti.partner))
    .leftJoin(adhesions, eq(adhesions.enteId, enti.id))
    .where(and(...where))
    .orderBy(asc(enti.name))
    .limit(500);
}

/** How many Enti are in each state. */
export async function countEntiByStatus(db: Database): Promise<Record<AdhesionStatus, number>> {
  const rows = await db.select({ status: enti.adhesionStatus, n: count() }).from(enti).groupBy(enti.adhesionStatus);
  const counts: Record<AdhesionStatus, number> = { richiesta: 0, in_attivazione: 0, attivo: 0, sospeso: 0, cessato: 0 };
  for (const row of rows) counts[row.status] = row.n;
  return counts;
}

/** The documents' metadata (never their bytes), newest first. */
export async function listAdhesionDocuments(db: Reader, enteId: string) {
  return db
    .select({
      id: adhesionDocuments.id,
      kind: adhesionDocuments.kind,
      status: adhesionDocuments.status,
      filename: adhesionDocuments.filename,
      mime: adhesionDocuments.mime,
      size: adhesionDocuments.size,
      sha256: adhesionDocuments.sha256,
      signature: adhesionDocuments.signature,
      signerName: adhesionDocuments.signerName,
      signerValidFrom: adhesionDocuments.signerValidFrom,
      signerValidTo: adhesionDocuments.signerValidTo,
      note: adhesionDocuments.note,
      createdAt: adhesionDocuments.createdAt,
      uploadedByName: users.fullName,
    })
    .from(adhesionDocuments)
    .leftJoin(users, eq(users.id, adhesionDocuments.uploadedBy))
    .where(eq(adhesionDocuments.enteId, enteId))
    .orderBy(desc(adhesionDocuments.createdAt));
}
export type AdhesionDocumentRow = Awaited<ReturnType<typeof listAdhesionDocuments>>[number];

/** The state machine's facts from the file: what is recorded and which documents stand (not rejected). */
export function factsOf(
  ente: Pick<Ente, 'partner'>,
  adhesion: Adhesion | undefined,
  documents: AdhesionDocumentRow[],
  partnerCompatible: boolean,
): AdhesionFacts {
  const standing = documents.filter((d) => d.status !== 'respinto');
  const has = (kind: AdhesionDocumentRow['kind']) => standing.some((d) => d.kind === kind);
  // The newest modulo counts: an older signed one does not make up for a new unsigned one.
  const modulo = standing.find((d) => d.kind === 'modulo_adesione');
  const moduloValid =
    modulo !== undefined &&
    (modulo.signature === 'cades' || modulo.signature === 'pades' || (modulo.signature === 'autografa' && has('documento_identita')));
  return {
    conventionRecorded: Boolean(adhesion?.conventionActNumber && adhesion.conventionActDate),
    moduloValid,
    referenteAppointed: Boolean(adhesion?.referenteAppointedAt),
    partnerAssigned: ente.partner !== null && partnerCompatible,
    letteraAdesione: has('lettera_adesione'),
    pianoAttivazione: has('piano_attivazione'),
  };
}

/** Everything the adhesion page shows about one Ente; undefined for an unknown id. */
export async function loadAdhesionFile(db: Database, enteId: string) {
  const parent = alias(enti, 'parent');
  const [row] = await db
    .select({ ente: enti, parentName: parent.name, partnerName: partners.name, partnerCompatible: partners.compatible })
    .from(enti)
    .leftJoin(parent, eq(parent.id, enti.parentId))
    .leftJoin(partners, eq(partners.code, enti.partner))
    .where(eq(enti.id, enteId));
  if (!row) return undefined;
  const requester = alias(users, 'requester');
  const [adhesionRow] = await db
    .select({ adhesion: adhesions, trainingTitle: trainingSessions.title, terminationRequestedByName: requester.fullName })
    .from(adhesions)
    .leftJoin(trainingSessions, eq(trainingSessions.id, adhesions.trainingSessionId))
    .leftJoin(requester, eq(requester.id, adhesions.terminationRequestedBy))
    .where(eq(adhesions.enteId, enteId));
  const documents = await listAdhesionDocuments(db, enteId);
  const events = await db
    .select({
      id: adhesionEvents.id,
      fromStatus: adhesionEvents.fromStatus,
      toStatus: adhesionEvents.toStatus,
      reason: adhesionEvents.reason,
      createdAt: adhesionEvents.createdAt,
      actorName: users.fullName,
    })
    .from(adhesionEvents)
    .leftJoin(users, eq(users.id, adhesionEvents.actorUserId))
    .where(eq(adhesionEvents.enteId, enteId))
    .orderBy(desc(adhesionEvents.createdAt), desc(adhesionEvents.id));
  // enti.ente has the logo's bytes: the page needs none of them.
  const { logoData: _logo, ...ente } = row.ente;
  return {
    ente,
    parentName: row.parentName,
    partnerName: row.partnerName,
    adhesion: adhesionRow?.adhesion,
    trainingTitle: adhesionRow?.trainingTitle ?? null,
    terminationRequestedByName: adhesionRow?.terminationRequestedByName ?? null,
    documents,
    events,
    facts: factsOf(row.ente, adhesionRow?.adhesion, documents, row.partnerCompatible ?? false),
  };
}
export type AdhesionFile = NonNullable<Awaited<ReturnType<typeof loadAdhesionFile>>>;

/** The compatible partners an Ente can be assigned. */
export async function listCompatiblePartners(db: Database) {
  return db
    .select({ code: partners.code, name: partners.name })
    .from(partners)
    .where(eq(partners.compatible, true))
    .orderBy(asc(partners.name));
}

/** One document with its bytes, only within `enteId`: the download routes ask with the Ente they checked. */
export async function findAdhesionDocument(db: Database, enteId: string, documentId: string) {
  const [doc] = await db
    .select({ filename: adhesionDocuments.filename, mime: adhesionDocuments.mime, data: adhesionDocuments.data })
    .from(adhesionDocuments)
    .where(and(eq(adhesionDocuments.enteId, enteId), eq(adhesionDocuments.id, documentId)));
  return doc;
}

/** The Unioni and Comunità Montane a new Comune can belong to (not ceased). */
export async function listParentEnti(db: Database) {
  return db
    .select({ slug: enti.slug, name: enti.name })
    .from(enti)
    .where(and(inArray(enti.kind, ['unione', 'comunita_montana']), ne(enti.adhesionStatus, 'cessato')))
    .orderBy(asc(enti.name));
}
