import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, type Ente, type Position } from '@/db/schema';
import type { NewPosition } from './create';
import { MAX_INSTALMENTS } from './external-schema';
import { enqueueInvalidations } from './invalidate';
import { allocateNoticeNumbers } from './iuv';
import { queueNoticeMessages } from '@/lib/notifications/outbox';

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
      const created = await tx
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
      // One e-mail for the plan: its avviso shows the single payment and every instalment.
      const singlePayment = created.find((position) => position.installment === 0)!;
      await queueNoticeMessages(tx, ente.id, [singlePayment.id]);
      return created;
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

/** The options a payment makes void, and why: what the partner and the clerk are told. */
export interface VoidedOptions {
  ids: string[];
  reason: string;
}

/**
 * The options of a plan that paying `paid` makes void: paying the single payment voids the instalments,
 * paying an instalment voids the single payment. Only options still payable (valid or expired) are voided;
 * paid ones are never touched. `plan` is every option, as locked by the caller.
 */
export function optionsVoidedBy(
  paid: Pick<Position, 'id' | 'planId' | 'installment'>,
  plan: readonly Pick<Position, 'id' | 'planId' | 'installment' | 'status'>[],
): VoidedOptions {
  if (!paid.planId || paid.installment === null) return { ids: [], reason: '' };
  const single = paid.installment === 0;
  const ids = plan
    .filter((option) => option.planId === paid.planId && option.id !== paid.id)
    .filter((option) => (single ? option.installment !== 0 : option.installment === 0))
    .filter((option) => option.status === 'valid' || option.status === 'expired')
    .map((option) => option.id);
  return {
    ids,
    reason: single ? 'Rata annullata: è stato pagato l’importo in unica soluzione' : 'Unica soluzione annullata: è stata pagata una rata',
  };
}

/**
 * Cancels the options voided by payments (inside the receipts' transaction, on rows it holds locked), and
 * has the partner stop offering those it already has.
 */
export async function cancelVoidedOptions(tx: Tx, enteId: string, voided: readonly VoidedOptions[], now = new Date()): Promise<void> {
  const cancelled: string[] = [];
  for (const reason of new Set(voided.filter((v) => v.ids.length > 0).map((v) => v.reason))) {
    const ids = voided.filter((v) => v.reason === reason).flatMap((v) => v.ids);
    await tx
      .update(positions)
      .set({ status: 'cancelled', cancelledAt: now, cancelReason: reason, updatedAt: now })
      .where(and(eq(positions.enteId, enteId), inArray(positions.id, ids), inArray(positions.status, ['valid', 'expired'])));
    cancelled.push(...ids);
  }
  await enqueueInvalidations(tx, enteId, cancelled);
}
