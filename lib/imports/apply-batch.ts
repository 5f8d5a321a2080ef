import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { importRejects, jobs, positionImports, positions, type Ente } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { REGISTER_QUEUE } from '@/lib/positions/create';
import { allocateNoticeNumbers } from '@/lib/positions/iuv';
import { decide, type ExistingPosition, type ReadyRow } from './classify';
import type { RowProblem } from './row-schema';

export interface ImportCounts {
  loaded: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  rejected: number;
}

export interface RejectedRow {
  rowNumber: number;
  problems: RowProblem[];
}

export interface BatchContext {
  importId: string;
  ente: Pick<Ente, 'id' | 'fiscalCode' | 'segregationCode' | 'iban'>;
  /** Who cancels, for positions.cancelled_by (null from the command line). */
  userId: string | null;
}

export const CANCEL_REASON = 'Annullata da importazione';

const RACE_LOST = 'La posizione è cambiata durante l’importazione (pagata o annullata): riga non applicata';

/**
 * Applies one batch in one transaction with a handful of set-based statements (one select, one insert,
 * one update per kind, one insert of registration jobs and rejects), then moves the import's counters:
 * a crash leaves every batch either fully applied and counted or not at all.
 */
export async function applyBatch(
  db: Database,
  ctx: BatchContext,
  ready: readonly ReadyRow[],
  rejected: readonly RejectedRow[],
  processedRows: number,
): Promise<ImportCounts> {
  return db.transaction(async (tx) => {
    const existing = ready.length
      ? await tx
          .select({
            id: positions.id,
            externalId: positions.externalId,
            serviceId: positions.serviceId,
            status: positions.status,
            debtorType: positions.debtorType,
            debtorFiscalCode: positions.debtorFiscalCode,
            debtorName: positions.debtorName,
            debtorEmail: positions.debtorEmail,
            causale: positions.causale,
            amountCents: positions.amountCents,
            dueDate: positions.dueDate,
          })
          .from(positions)
          .where(
            and(
              eq(positions.enteId, ctx.ente.id),
              inArray(
                positions.externalId,
                ready.map((r) => r.row.id_esterno),
              ),
            ),
          )
      : [];
    const byExternalId = new Map<string, ExistingPosition>(existing.map((p) => [p.externalId!, p]));
    const counts: ImportCounts = { loaded: 0, updated: 0, cancelled: 0, unchanged: 0, rejected: rejected.length };
    const rejects: RejectedRow[] = [...rejected];
    const toCreate: ReadyRow[] = [];
    const toUpdate: (ReadyRow & { positionId: string })[] = [];
    const toCancel: (ReadyRow & { positionId: string })[] = [];
    for (const item of ready) {
      const decision = decide(item, byExternalId.get(item.row.id_esterno));
      if (decision.kind === 'create') toCreate.push(item);
      else if (decision.kind === 'update') toUpdate.push({ ...item, positionId: decision.positionId });
      else if (decision.kind === 'cancel') toCancel.push({ ...item, positionId: decision.positionId });
      else if (decision.kind === 'unchanged') counts.unchanged++;
      else rejects.push({ rowNumber: item.rowNumber, problems: [decision.problem] });
    }

    const lost = <T extends ReadyRow>(items: readonly T[], done: Set<string>, key: (r: T) => string) => {
      for (const item of items) {
        if (done.has(key(item))) continue;
        rejects.push({ rowNumber: item.rowNumber, problems: [{ column: 'id_esterno', value: item.row.id_esterno, reason: RACE_LOST }] });
      }
    };

    const registrations: string[] = [];
    if (toCreate.length) {
      const numbers = await allocateNoticeNumbers(tx, ctx.ente.id, ctx.ente.segregationCode!, toCreate.length);
      // A concurrent import of the same id_esterno wins the unique index; this row then counts as lost.
      const created = await tx
        .insert(positions)
        .values(
          toCreate.map(({ row, service }, i) => ({
            enteId: ctx.ente.id,
            serviceId: service.id,
            creditorFiscalCode: ctx.ente.fiscalCode,
            noticeNumber: numbers[i]!.noticeNumber,
            iuv: numbers[i]!.iuv,
            debtorType: row.tipo_debitore,
            debtorFiscalCode: row.codice_fiscale,
            debtorName: row.nominativo,
            debtorEmail: row.email,
            causale: row.causale,
            amountCents: row.importo,
            dueDate: row.scadenza,
            taxonomyCode: service.taxonomyCode,
            iban: service.ibanOverride ?? ctx.ente.iban,
            externalId: row.id_esterno,
            importId: ctx.importId,
          })),
        )
        .onConflictDoNothing()
        .returning({ id: positions.id, externalId: positions.externalId });
      counts.loaded = created.length;
      registrations.push(...created.map((p) => p.id));
      lost(toCreate, new Set(created.map((p) => p.externalId!)), (r) => r.row.id_esterno);
    }

    if (toUpdate.length) {
      const values = sql.join(
        toUpdate.map(
          ({ positionId, row }) =>
            sql`(${positionId}::uuid, ${row.tipo_debitore}::text, ${row.codice_fiscale}::text, ${row.nominativo}::text, ${row.email}::text, ${row.causale}::text, ${row.importo}::bigint, ${row.scadenza}::date)`,
        ),
        sql`, `,
      );
      // The status guard makes a position paid meanwhile lose the race instead of changing after payment.
      const updated = rowsOf<{ id: string }>(
        await tx.execute(sql`
          update ${positions} as p set
            debtor_type = v.debtor_type, debtor_fiscal_code = v.debtor_fiscal_code, debtor_name = v.debtor_name,
            debtor_email = v.debtor_email, causale = v.causale, amount_cents = v.amount_cents, due_date = v.due_date,
            status = 'valid', import_id = ${ctx.importId}, registration_status = 'pending', updated_at = now()
          from (values ${values}) as v(id, debtor_type, debtor_fiscal_code, debtor_name, debtor_email, causale, amount_cents, due_date)
          where p.id = v.id and p.ente_id = ${ctx.ente.id} and p.status in ('valid', 'expired')
          returning p.id`),
      );
      counts.updated = updated.length;
      registrations.push(...updated.map((p) => p.id));
      lost(toUpdate, new Set(updated.map((p) => p.id)), (r) => r.positionId);
    }

    if (toCancel.length) {
      const cancelled = await tx
        .update(positions)
        .set({
          status: 'cancelled',
          cancelledAt: sql`now()`,
          cancelReason: CANCEL_REASON,
          cancelledBy: ctx.userId,
          importId: ctx.importId,
          updatedAt: sql`now()`,
        })
        .where(
          and(
            eq(positions.enteId, ctx.ente.id),
            inArray(
              positions.id,
              toCancel.map((r) => r.positionId),
            ),
            inArray(positions.status, ['valid', 'expired']),
          ),
        )
        .returning({ id: positions.id });
      counts.cancelled = cancelled.length;
      lost(toCancel, new Set(cancelled.map((p) => p.id)), (r) => r.positionId);
    }

    if (registrations.length) {
      // Registration with the partner, as for a position created by hand: one job per position, retried by the worker.
      await tx
        .insert(jobs)
        .values(
          registrations.map((positionId) => ({
            queue: REGISTER_QUEUE,
            payload: { positionId, enteId: ctx.ente.id },
            singletonKey: positionId,
            maxAttempts: 50,
          })),
        )
        .onConflictDoNothing();
    }

    const rejectRows = rejects.flatMap((r) =>
      r.problems.map((p) => ({
        importId: ctx.importId,
        rowNumber: r.rowNumber,
        column: p.column,
        value: p.value.slice(0, 200),
        reason: p.reason.slice(0, 300),
      })),
    );
    if (rejectRows.length) await tx.insert(importRejects).values(rejectRows);
    counts.rejected = rejects.length;

    await tx
      .update(positionImports)
      .set({
        processedRows: processedRows,
        loaded: sql`${positionImports.loaded} + ${counts.loaded}`,
        updated: sql`${positionImports.updated} + ${counts.updated}`,
        cancelled: sql`${positionImports.cancelled} + ${counts.cancelled}`,
        unchanged: sql`${positionImports.unchanged} + ${counts.unchanged}`,
        rejected: sql`${positionImports.rejected} + ${counts.rejected}`,
      })
      .where(eq(positionImports.id, ctx.importId));
    return counts;
  });
}
