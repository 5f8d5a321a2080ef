import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { sqlStateOf } from '@/db/errors';
import { auditLog, positions, services, type Ente, type Position } from '@/db/schema';
import { amountRuleProblem } from '@/lib/catalogue/amount-rule';
import { enqueue } from '@/lib/jobs/queue';
import { createPosition, REGISTER_QUEUE } from './create';
import type { ExternalPositionInput } from './external-schema';
import { enqueueInvalidations } from './invalidate';
import { canTransition } from './lifecycle';
import { createPlan, loadPlan } from './plans';
import { accountingFor } from './transfers';
import { italianDay } from '@/lib/format/date';

/*
 * Positions named by the Ente's own id (its tax, canteen or fines software), for the API and the CSV
 * import: the same request twice changes nothing, a changed one updates a still-payable position, an
 * amount of 0 cancels. Paid and cancelled positions are final (lifecycle.ts). Every change is audited in
 * its own transaction, naming the API key that asked for it; a replay changes nothing and audits nothing.
 */

export type ExternalOutcome =
  | { kind: 'created' | 'updated' | 'unchanged' | 'cancelled'; position: Position }
  /** The body is well formed but does not fit the catalogue: field → message. */
  | { kind: 'invalid'; errors: Record<string, string> }
  | { kind: 'not_found' }
  /** The position exists but can no longer change (paid, or cancelled and asked to change). */
  | { kind: 'conflict'; position: Position; message: string };

type EnteForExternal = Pick<Ente, 'id' | 'fiscalCode' | 'segregationCode' | 'name' | 'partner' | 'iban'>;

/** Who asks for a change: the Ente's API key (its label may change later, its id stays) and the caller's address. */
export interface ExternalActor {
  key: { id: string; label: string };
  address: string;
}

const CHANGEABLE = ['valid', 'expired'] as const;

export async function findExternalPosition(db: Database, enteId: string, externalId: string): Promise<Position | undefined> {
  const [row] = await db
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.externalId, externalId)));
  return row;
}

function conflictMessage(position: Position): string {
  return position.status === 'paid' ? 'La posizione è già stata pagata: non si può modificare né annullare.' : 'La posizione è annullata.';
}

/** Tells the partner (again) by the queue: the Ente's system gets its answer without waiting for the partner. */
async function scheduleRegistration(db: Database, position: Position): Promise<void> {
  await enqueue(db, REGISTER_QUEUE, { positionId: position.id, enteId: position.enteId }, { singletonKey: position.id, maxAttempts: 50 });
}

const PLAN_IS_FIXED = 'Un piano rateale non si modifica: annullalo (importo 0) e creane uno nuovo.';

/** Whether the instalments asked for are the position's own (none and none included). */
async function isSamePlan(db: Database, position: Position, rate: ExternalPositionInput['rate']): Promise<boolean> {
  if (!position.planId || !rate) return !position.planId && !rate;
  const instalments = (await loadPlan(db, position.enteId, position.planId)).filter((member) => (member.installment ?? 0) > 0);
  return (
    instalments.length === rate.length &&
    instalments.every((member, i) => member.amountCents === rate[i]!.amountCents && member.dueDate === rate[i]!.dueDate)
  );
}

/** What the Ente's system decides about a position; the rest (accounting, notice number) is ours. */
type Wanted = Pick<
  Position,
  'serviceId' | 'causale' | 'amountCents' | 'dueDate' | 'debtorType' | 'debtorFiscalCode' | 'debtorName' | 'debtorEmail'
>;

function isSame(position: Position, wanted: Wanted): boolean {
  return (Object.keys(wanted) as (keyof Wanted)[]).every((key) => position[key] === wanted[key]);
}

/** What the audit log keeps of a position before and after a change. */
const AUDITED = [
  'status',
  'serviceId',
  'serviceTitle',
  'causale',
  'amountCents',
  'dueDate',
  'debtorType',
  'debtorFiscalCode',
  'debtorName',
  'debtorEmail',
  'taxonomyCode',
  'iban',
  'transfers',
] as const satisfies readonly (keyof Position)[];

const auditedState = (position: Position) => Object.fromEntries(AUDITED.map((key) => [key, position[key]]));

async function audit(db: Database, by: ExternalActor, action: string, position: Position, change: Record<string, unknown>) {
  await db.insert(auditLog).values({
    enteId: position.enteId,
    action,
    targetType: 'position',
    targetId: position.id,
    details: { apiKey: by.key, externalId: position.externalId, noticeNumber: position.noticeNumber, ...change },
    ip: by.address.slice(0, 45),
  });
}

export async function upsertExternalPosition(
  db: Database,
  ente: EnteForExternal,
  by: ExternalActor,
  externalId: string,
  input: ExternalPositionInput,
  now = new Date(),
): Promise<ExternalOutcome> {
  if (input.amountCents === 0)
    return cancelExternalPosition(db, ente.id, by, externalId, "Annullata dal sistema dell'Ente (importo 0)", now);
  // Any state: a replay must still answer «unchanged» after the service was switched off or repriced.
  const [service] = await db
    .select()
    .from(services)
    .where(and(eq(services.enteId, ente.id), eq(services.code, input.serviceCode)));
  if (!service) return { kind: 'invalid', errors: { serviceCode: 'Servizio sconosciuto' } };
  const wanted: Wanted = {
    serviceId: service.id,
    causale: input.causale,
    amountCents: input.amountCents,
    dueDate: input.dueDate ?? null,
    debtorType: input.debtor.type,
    debtorFiscalCode: input.debtor.fiscalCode,
    debtorName: input.debtor.name,
    debtorEmail: input.debtor.email ?? null,
  };

  let existing = await findExternalPosition(db, ente.id, externalId);
  if (existing && isSame(existing, wanted) && (await isSamePlan(db, existing, input.rate)))
    return { kind: 'unchanged', position: existing };
  if (!service.active) return { kind: 'invalid', errors: { serviceCode: 'Servizio non attivo' } };
  const amountProblem = amountRuleProblem(service.amountRule, input.amountCents);
  if (amountProblem) return { kind: 'invalid', errors: { amountCents: amountProblem } };
  const issued = accountingFor(ente, service, { causale: input.causale, amountCents: input.amountCents, dueDate: wanted.dueDate }, now);
  if (!issued.ok) return { kind: 'invalid', errors: { [issued.cause === 'amount' ? 'amountCents' : 'serviceCode']: issued.message } };
  const accounting = issued.accounting;

  if (!existing) {
    try {
      return await db.transaction(async (tx) => {
        const position = {
          channel: 'api' as const,
          service,
          debtor: { type: input.debtor.type, fiscalCode: input.debtor.fiscalCode, fullName: input.debtor.name, email: input.debtor.email },
          causale: input.causale,
          amountCents: input.amountCents,
          dueDate: wanted.dueDate,
          ...accounting,
          formData: {},
          externalId,
        };
        // A plan: the single payment carries the external id, each instalment is a position of its own.
        const created = input.rate
          ? await createPlan(tx, ente, { ...position, instalments: input.rate })
          : [await createPosition(tx, ente, position)];
        for (const member of created) {
          await audit(tx, by, 'posizione_creata_api', member, { after: auditedState(member), installment: member.installment });
          await scheduleRegistration(tx, member);
        }
        return { kind: 'created', position: created[0]! };
      });
    } catch (error) {
      // A concurrent request created it first (positions_ente_external_key): go on as if it had been there.
      if (sqlStateOf(error) !== '23505') throw error;
      existing = await findExternalPosition(db, ente.id, externalId);
      if (!existing) throw error;
      if (isSame(existing, wanted)) return { kind: 'unchanged', position: existing };
    }
  }
  if (!canTransition(existing.status, 'cancelled')) return { kind: 'conflict', position: existing, message: conflictMessage(existing) };
  if (existing.planId || input.rate) return { kind: 'conflict', position: existing, message: PLAN_IS_FIXED };

  // An expired position comes back to life when its due date moves to today or later (lifecycle.ts).
  const revived = existing.status === 'expired' && (wanted.dueDate === null || wanted.dueDate >= italianDay(now));
  const before = existing;
  return db.transaction(async (tx): Promise<ExternalOutcome> => {
    const [updated] = await tx
      .update(positions)
      // A changed position is issued again: it takes the service's title and accounting as they are now, like a new one.
      .set({
        ...wanted,
        ...accounting,
        serviceTitle: service.title,
        ...(revived ? { status: 'valid' as const } : {}),
        registrationStatus: 'pending',
        updatedAt: now,
      })
      // Only while still payable: a receipt recorded meanwhile wins over the update.
      .where(and(eq(positions.id, before.id), inArray(positions.status, CHANGEABLE)))
      .returning();
    if (!updated) {
      const current = (await findExternalPosition(tx, ente.id, externalId))!;
      return { kind: 'conflict', position: current, message: conflictMessage(current) };
    }
    await audit(tx, by, 'posizione_modificata_api', updated, { before: auditedState(before), after: auditedState(updated) });
    await scheduleRegistration(tx, updated);
    return { kind: 'updated', position: updated };
  });
}

/** Cancels a still-payable position; cancelling a cancelled one again is a replay and answers the same. */
export async function cancelExternalPosition(
  db: Database,
  enteId: string,
  by: ExternalActor,
  externalId: string,
  reason: string,
  now = new Date(),
): Promise<ExternalOutcome> {
  const existing = await findExternalPosition(db, enteId, externalId);
  if (!existing) return { kind: 'not_found' };
  if (existing.status === 'cancelled') return { kind: 'cancelled', position: existing };
  if (!canTransition(existing.status, 'cancelled')) return { kind: 'conflict', position: existing, message: conflictMessage(existing) };
  const cancelled = await db.transaction(async (tx) => {
    const [row] = await tx
      .update(positions)
      .set({ status: 'cancelled', cancelledAt: now, cancelReason: reason.slice(0, 300), updatedAt: now })
      .where(and(eq(positions.id, existing.id), inArray(positions.status, CHANGEABLE)))
      .returning();
    if (row) {
      await audit(tx, by, 'posizione_annullata_api', row, { before: existing.status, reason: row.cancelReason });
      await enqueueInvalidations(tx, enteId, [row.id]);
    }
    // Cancelling a plan cancels the instalments still payable with it, here and at the partner.
    if (row && existing.planId) {
      const instalments = await tx
        .update(positions)
        .set({ status: 'cancelled', cancelledAt: now, cancelReason: reason.slice(0, 300), updatedAt: now })
        .where(and(eq(positions.enteId, enteId), eq(positions.planId, existing.planId), inArray(positions.status, CHANGEABLE)))
        .returning();
      for (const instalment of instalments) {
        await audit(tx, by, 'posizione_annullata_api', instalment, {
          before: 'valid',
          reason: instalment.cancelReason,
          installment: instalment.installment,
        });
      }
      await enqueueInvalidations(
        tx,
        enteId,
        instalments.map((i) => i.id),
      );
    }
    return row;
  });
  if (cancelled) return { kind: 'cancelled', position: cancelled };
  const current = (await findExternalPosition(db, enteId, externalId))!;
  return current.status === 'cancelled'
    ? { kind: 'cancelled', position: current }
    : { kind: 'conflict', position: current, message: conflictMessage(current) };
}
