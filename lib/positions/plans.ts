import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, type Ente, type Position } from '@/db/schema';
import type { NewPosition } from './create';
import { MAX_INSTALMENTS } from './external-schema';
import { enqueueInvalidations } from './invalidate';
import { allocateNoticeNumbers } from './iuv';

export interface PlanInstalment {
  amountCents: number;
  dueDate: string;
}

/**
 * A debt payable either at once (the single payment, installment 0, with the NewPosition's amount and due date) or
 * in 2..n instalments. As in pagoPA GPD (isPartialPayment options), the two are alternatives: the instalments
 * need not sum to the single amount (a discount for paying at once is allowed), and paying one closes the other.
 */
export interface NewPlan extends NewPosition {
  instalments: PlanInstalment[];
}

type EnteForPlans = Pick<Ente, 'id' | 'fiscalCode' | 'segregationCode' | 'name'>;

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

function assertAmount(cents: number): void {
  if (!Number.isSafeInteger(cents) || cents < 1) throw new RangeError('Importo non valido');
}

/** Creates the plan's positions in one transaction, with consecutive notice numbers; the Ente's external id stays on the single payment. */
export async function createPlan(db: Database, ente: EnteForPlans, input: NewPlan): Promise<Position[]> {
  if (!ente.segregationCode) throw new Error(`L'Ente ${ente.name} non ha un codice di segregazione`);
  if (input.instalments.length < 2 || input.instalments.length > MAX_INSTALMENTS) {
    throw new RangeError(`Un piano ha da 2 a ${MAX_INSTALMENTS} rate`);
  }
  assertAmount(input.amountCents);
  input.instalments.forEach((rata) => assertAmount(rata.amountCents));
  const { instalments, ...single } = input;
  return db
    .transaction(async (tx) => {
      const planId = randomUUID();
      const numbers = await allocateNoticeNumbers(tx, ente.id, ente.segregationCode!, instalments.length + 1);
      const options = [{ amountCents: single.amountCents, dueDate: single.dueDate }, ...instalments];
      return tx
        .insert(positions)
        .values(
          options.map((option, installment) => ({
            enteId: ente.id,
            serviceId: single.service?.id ?? null,
            serviceTitle: single.service?.title ?? null,
            creditorFiscalCode: ente.fiscalCode,
            ...numbers[installment]!,
            debtorType: single.debtor?.type,
            debtorFiscalCode: single.debtor?.fiscalCode,
            debtorName: single.debtor?.fullName,
            debtorEmail: single.debtor?.email,
            causale: single.causale,
            amountCents: option.amountCents,
            dueDate: option.dueDate,
            taxonomyCode: single.taxonomyCode,
            iban: single.iban,
            formData: single.formData,
            externalId: installment === 0 ? single.externalId : undefined,
            planId,
            installment,
          })),
        )
        .returning();
    })
    .then((rows) => rows.sort((a, b) => a.installment! - b.installment!));
}

/** The positions of one of the Ente's plans, single payment first; empty for another Ente's plan. */
export async function loadPlan(db: Pick<Database, 'select'>, enteId: string, planId: string): Promise<Position[]> {
  return db
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.planId, planId)))
    .orderBy(asc(positions.installment));
}

/**
 * Locks every option of the plan a notice belongs to, in plan order, before recordReceipt locks the notice itself:
 * two receipts for options of one plan (the single payment and an instalment) then queue on the same first row
 * instead of deadlocking on each other's. A notice outside any plan locks nothing. plan_id never changes, so
 * reading it unlocked is safe.
 */
export async function lockPlanOf(tx: Tx, enteId: string, noticeNumber: string): Promise<void> {
  const [target] = await tx
    .select({ planId: positions.planId })
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.noticeNumber, noticeNumber)));
  if (!target?.planId) return;
  await tx
    .select({ id: positions.id })
    .from(positions)
    .where(and(eq(positions.enteId, enteId), eq(positions.planId, target.planId)))
    .orderBy(asc(positions.installment))
    .for('update');
}

/**
 * After a position of a plan is paid (inside recordReceipt's transaction): paying the single payment cancels the
 * instalments still open, paying an instalment cancels the single payment. Paid options are never touched.
 * Returns the ids it cancelled.
 */
export async function settlePlanAfterPayment(
  tx: Tx,
  position: Pick<Position, 'id' | 'enteId' | 'planId' | 'installment'>,
  now = new Date(),
): Promise<string[]> {
  if (!position.planId || position.installment === null) return [];
  const alternatives = position.installment === 0 ? ne(positions.installment, 0) : eq(positions.installment, 0);
  const cancelled = await tx
    .update(positions)
    .set({
      status: 'cancelled',
      cancelledAt: now,
      cancelReason:
        position.installment === 0
          ? 'Rata annullata: è stato pagato l’importo in unica soluzione'
          : 'Unica soluzione annullata: è stata pagata una rata',
      updatedAt: now,
    })
    .where(
      and(
        eq(positions.enteId, position.enteId),
        eq(positions.planId, position.planId),
        ne(positions.id, position.id),
        alternatives,
        inArray(positions.status, ['valid', 'expired']),
      ),
    )
    .returning({ id: positions.id });
  const ids = cancelled.map((row) => row.id);
  // The alternatives the partner already has must stop being payable there too.
  await enqueueInvalidations(tx, position.enteId, ids);
  return ids;
}
