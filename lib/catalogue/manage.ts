import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, enti, memberships, membershipServices, services, type Service } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { mayManageService, type EnteStaff } from '@/lib/auth/access';
import { normalizeItalianIban } from '@/lib/pagopa/iban';
import type { FormField } from './form-definition';
import { shareFromForm, type ServiceFormData } from './service-schema';

/*
 * The catalogue's changes, made by staff in the back office. Each one is checked against the staff
 * member's scope, runs in a transaction with the service row locked, and leaves an audit row with the
 * service before and after. Positions are untouched: they copied causale, amount, taxonomy and IBAN
 * when they were created.
 */

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export interface CatalogueActor {
  enteId: string;
  staff: Pick<EnteStaff, 'userId' | 'role' | 'serviceIds'>;
  ip: string;
}

const NOT_FOUND = 'Servizio non trovato, oppure non lo gestisci.';
const STALE = 'Il servizio è stato modificato nel frattempo: ricarica la pagina e riprova.';

/** Which settings each kind of field uses: what the builder left from a previous kind is not stored. */
const KIND_ONLY: Partial<Record<keyof FormField, FormField['kind'][]>> = {
  options: ['select'],
  min: ['number'],
  max: ['number', 'text'],
};

/** A field as stored: without empty optional texts (help '' is no help) nor settings of another kind. */
function tidyField(field: FormField): FormField {
  return Object.fromEntries(
    Object.entries(field).filter(
      ([key, value]) => value !== '' && value !== undefined && (KIND_ONLY[key as keyof FormField]?.includes(field.kind) ?? true),
    ),
  ) as FormField;
}

/** The editable columns, as stored. */
function columnsOf(data: ServiceFormData) {
  const formDefinition = data.formDefinition.map(tidyField);
  return {
    title: data.title,
    summary: data.summary,
    description: data.description,
    category: data.category,
    taxonomyCode: data.taxonomyCode,
    amountRule: data.amountRule,
    causaleTemplate: data.causaleTemplate,
    ibanOverride: data.iban === '' ? null : normalizeItalianIban(data.iban),
    payerInfo: data.payerInfo === '' ? null : data.payerInfo,
    allowAnonymous: data.allowAnonymous,
    formDefinition,
    transferSplit: data.transferSplit.map(shareFromForm),
    partnerServiceCode: data.partnerServiceCode === '' ? null : data.partnerServiceCode,
  };
}

/** The Ente's own transfer is always the first: another beneficiary with its fiscal code would be the Ente twice. */
async function refuseOwnShare(tx: Tx, actor: CatalogueActor, data: ServiceFormData): Promise<void> {
  const [ente] = await tx.select({ fiscalCode: enti.fiscalCode }).from(enti).where(eq(enti.id, actor.enteId));
  const at = data.transferSplit.findIndex((share) => share.fiscalCodePA === ente?.fiscalCode);
  if (at === -1) return;
  const message = "Questo è il codice fiscale dell'ente stesso: la sua quota è ciò che resta dopo gli altri beneficiari";
  throw new ActionError(message, { [`transferSplit.${at}.fiscalCodePA`]: message });
}

/** The audited picture of a service: dates as text, so before and after compare as JSON. */
function snapshot(service: Service): Record<string, unknown> {
  const { createdAt, updatedAt, ...rest } = service;
  return { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString() };
}

async function audit(tx: Tx, actor: CatalogueActor, action: string, serviceId: string, before: Service | null, after: Service) {
  await tx.insert(auditLog).values({
    enteId: actor.enteId,
    actorUserId: actor.staff.userId,
    action,
    targetType: 'servizio',
    targetId: serviceId,
    details: { before: before && snapshot(before), after: snapshot(after) },
    ip: actor.ip.slice(0, 45),
  });
}

/** The service, locked for this transaction, if it is the Ente's and within the actor's scope. */
async function lockService(tx: Tx, actor: CatalogueActor, id: string): Promise<Service> {
  const [row] = await tx
    .select()
    .from(services)
    .where(and(eq(services.enteId, actor.enteId), eq(services.id, id)))
    .for('update');
  if (!row || !mayManageService(actor.staff, row.id)) throw new ActionError(NOT_FOUND);
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: unknown }).cause;
  return [error, cause].some((e) => (e as { code?: unknown } | undefined)?.code === '23505');
}

const DUPLICATE_CODE = 'Esiste già un servizio con questo codice';

/** A new service (admins only, checked by the action), last in its category's order, active at once. */
export async function createService(db: Database, actor: CatalogueActor, data: ServiceFormData): Promise<Service> {
  try {
    return await db.transaction(async (tx) => {
      await refuseOwnShare(tx, actor, data);
      const [taken] = await tx
        .select({ id: services.id })
        .from(services)
        .where(and(eq(services.enteId, actor.enteId), eq(services.code, data.code)));
      if (taken) throw new ActionError(DUPLICATE_CODE, { code: DUPLICATE_CODE });
      const last = await tx
        .select({ sortOrder: services.sortOrder })
        .from(services)
        .where(eq(services.enteId, actor.enteId))
        .orderBy(asc(services.sortOrder));
      const sortOrder = (last.at(-1)?.sortOrder ?? 0) + 10;
      const [created] = await tx
        .insert(services)
        .values({ enteId: actor.enteId, code: data.code, sortOrder, ...columnsOf(data) })
        .returning();
      await audit(tx, actor, 'servizio_creato', created!.id, null, created!);
      return created!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ActionError(DUPLICATE_CODE, { code: DUPLICATE_CODE });
    throw error;
  }
}

/** Saves the editor's form over the version the clerk opened; the code never changes (it is in URLs and at the partner). */
export async function updateService(
  db: Database,
  actor: CatalogueActor,
  input: { id: string; version: string; service: ServiceFormData },
): Promise<Service> {
  return db.transaction(async (tx) => {
    const before = await lockService(tx, actor, input.id);
    if (before.updatedAt.toISOString() !== input.version) throw new ActionError(STALE);
    if (input.service.code !== before.code) throw new ActionError('Il codice di un servizio esistente non si cambia');
    await refuseOwnShare(tx, actor, input.service);
    const [after] = await tx
      .update(services)
      .set({ ...columnsOf(input.service), updatedAt: new Date() })
      .where(eq(services.id, before.id))
      .returning();
    await audit(tx, actor, 'servizio_modificato', before.id, before, after!);
    return after!;
  });
}

/** Activates or deactivates; idempotent, so a double click changes (and audits) nothing the second time. */
export async function setServiceActive(db: Database, actor: CatalogueActor, input: { id: string; active: boolean }): Promise<Service> {
  return db.transaction(async (tx) => {
    const before = await lockService(tx, actor, input.id);
    if (before.active === input.active) return before;
    const [after] = await tx
      .update(services)
      .set({ active: input.active, updatedAt: new Date() })
      .where(eq(services.id, before.id))
      .returning();
    await audit(tx, actor, input.active ? 'servizio_attivato' : 'servizio_disattivato', before.id, before, after!);
    return after!;
  });
}

/**
 * Swaps the service with its neighbour in the same category, in the order the citizen page shows
 * (sort order, then title). The whole Ente is renumbered in steps of 10 so that equal sort orders
 * cannot make a swap a no-op. The neighbour must be manageable too: it moves as well.
 */
export async function moveService(
  db: Database,
  actor: CatalogueActor,
  input: { id: string; direction: 'up' | 'down'; version: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const moved = await lockService(tx, actor, input.id);
    if (moved.updatedAt.toISOString() !== input.version) throw new ActionError(STALE);
    const all = await tx
      .select()
      .from(services)
      .where(eq(services.enteId, actor.enteId))
      .orderBy(asc(services.sortOrder), asc(services.title))
      .for('update');
    const category = all.filter((s) => s.category === moved.category);
    const at = category.findIndex((s) => s.id === moved.id);
    const neighbour = category[input.direction === 'up' ? at - 1 : at + 1];
    if (!neighbour)
      throw new ActionError(
        input.direction === 'up' ? 'Il servizio è già il primo della sua categoria' : 'Il servizio è già l’ultimo della sua categoria',
      );
    if (!mayManageService(actor.staff, neighbour.id))
      throw new ActionError('Il servizio accanto non è tra quelli che gestisci: chiedi a un amministratore');
    const order = all.map((s) => (s.id === moved.id ? neighbour : s.id === neighbour.id ? moved : s));
    const now = new Date();
    for (const [i, service] of order.entries()) {
      const sortOrder = (i + 1) * 10;
      if (service.sortOrder === sortOrder) continue;
      const changed = service.id === moved.id || service.id === neighbour.id;
      await tx
        .update(services)
        .set(changed ? { sortOrder, updatedAt: now } : { sortOrder })
        .where(eq(services.id, service.id));
    }
    for (const service of [moved, neighbour]) {
      const [after] = await tx.select().from(services).where(eq(services.id, service.id));
      await audit(tx, actor, 'servizio_spostato', service.id, service, after!);
    }
  });
}

/**
 * Which of the Ente's limited operators manage this service (admins only, checked by the action). An
 * operator without limits manages everything already; taking the last service from a limited one would
 * lift their limits, so that is refused: the staff section is where limits are removed.
 */
export async function setServiceManagers(db: Database, actor: CatalogueActor, input: { id: string; operatorIds: string[] }): Promise<void> {
  await db.transaction(async (tx) => {
    const service = await lockService(tx, actor, input.id);
    const operators = await tx
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.enteId, actor.enteId), eq(memberships.role, 'ente_operator')));
    const grants = await tx
      .select({ userId: membershipServices.userId, serviceId: membershipServices.serviceId })
      .from(membershipServices)
      .where(eq(membershipServices.enteId, actor.enteId));
    const scoped = new Set(grants.map((g) => g.userId));
    const wanted = new Set(input.operatorIds);
    for (const id of wanted) {
      if (!operators.some((o) => o.userId === id) || !scoped.has(id))
        throw new ActionError('Puoi scegliere solo operatori di questo ente limitati ad alcuni servizi');
    }
    const before = grants.filter((g) => g.serviceId === service.id).map((g) => g.userId);
    const added = [...wanted].filter((id) => !before.includes(id));
    const removed = before.filter((id) => !wanted.has(id));
    for (const userId of removed) {
      if (grants.filter((g) => g.userId === userId).length === 1)
        throw new ActionError(
          'Un operatore resterebbe senza servizi, e quindi senza limiti: cambia i suoi servizi dalla sezione Personale',
        );
    }
    if (added.length === 0 && removed.length === 0) return;
    if (added.length > 0)
      await tx.insert(membershipServices).values(added.map((userId) => ({ userId, enteId: actor.enteId, serviceId: service.id })));
    for (const userId of removed)
      await tx
        .delete(membershipServices)
        .where(
          and(
            eq(membershipServices.userId, userId),
            eq(membershipServices.enteId, actor.enteId),
            eq(membershipServices.serviceId, service.id),
          ),
        );
    await tx.insert(auditLog).values({
      enteId: actor.enteId,
      actorUserId: actor.staff.userId,
      action: 'servizio_operatori',
      targetType: 'servizio',
      targetId: service.id,
      details: { before: { operatorIds: before.sort() }, after: { operatorIds: [...wanted].sort() } },
      ip: actor.ip.slice(0, 45),
    });
  });
}
