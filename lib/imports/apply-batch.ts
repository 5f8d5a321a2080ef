import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { importRejects, positionImports, positions, type Ente } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { enqueueInvalidations } from '@/lib/positions/invalidate';
import { allocateNoticeNumbers } from '@/lib/positions/iuv';
import { accountingFor, type Accounting } from '@/lib/positions/transfers';
import { queueNoticeMessages } from '@/lib/notifications/outbox';
import { enqueueRegistrationBatch } from '@/lib/positions/register-batch';
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
  ente: Pick<Ente, 'id' | 'fiscalCode' | 'segregationCode' | 'iban' | 'name'>;
  /** Who cancels, for positions.cancelled_by (null from the command line). */
  userId: string | null;
}

export const CANCEL_REASON = 'Annullata da importazione';

const RACE_LOST = 'La posizione è cambiata durante l’importazione (pagata o annullata): riga non applicata';

/**
 * Applies one batch in one transaction with a handful of set-based statements (one select, one insert,
 * one update per kind, one registration job, one insert of rejects), then moves the import's counters:
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
    const toCreate: (ReadyRow & { accounting: Accounting })[] = [];
    const toUpdate: (ReadyRow & { positionId: string; accounting: Accounting })[] = [];
    const toCancel: (ReadyRow & { positionId: string })[] = [];
    // A created or changed position is issued with the service's transfers for its amount, as by hand.
    const issue = (item: ReadyRow): Accounting | null => {
      const { row } = item;
      const outcome = accountingFor(ctx.ente, item.service, { causale: row.causale, amountCents: row.importo, dueDate: row.scadenza });
      if (outcome.ok) return outcome.accounting;
      const column = outcome.cause === 'amount' ? 'importo' : 'servizio';
      rejects.push({
        rowNumber: item.rowNumber,
        problems: [
          {
            column,
            value: column === 'importo' ? (row.importo / 100).toFixed(2).replace('.', ',') : row.servizio,
            reason: outcome.message,
          },
        ],
      });
      return null;
    };
    for (const item of ready) {
      const decision = decide(item, byExternalId.get(item.row.id_esterno));
      if (decision.kind === 'create' || decision.kind === 'update') {
        const accounting = issue(item);
        if (!accounting) continue;
        if (decision.kind === 'create') toCreate.push({ ...item, accounting });
        else toUpdate.push({ ...item, positionId: decision.positionId, accounting });
      } else if (decision.kind === 'cancel') toCancel.push({ ...item, positionId: decision.positionId });
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
      // One statement whatever the batch size: the rows travel as one JSON parameter (no 65,535-parameter limit).
      // A concurrent import of the same id_esterno wins the unique index; this row then counts as lost.
      const rows = toCreate.map(({ row, service, accounting }, i) => ({
        service_id: service.id,
        notice_number: numbers[i]!.noticeNumber,
        iuv: numbers[i]!.iuv,
        debtor_type: row.tipo_debitore,
        debtor_fiscal_code: row.codice_fiscale,
        debtor_name: row.nominativo,
        debtor_email: row.email,
        causale: row.causale,
        amount_cents: row.importo,
        due_date: row.scadenza,
        taxonomy_code: accounting.taxonomyCode,
        iban: accounting.iban,
        transfers: accounting.transfers,
        external_id: row.id_esterno,
        service_title: service.title,
      }));
      const created = rowsOf<{ id: string; external_id: string }>(
        await tx.execute(sql`
          insert into ${positions} (ente_id, creditor_fiscal_code, import_id, service_id, notice_number, iuv, debtor_type,
            debtor_fiscal_code, debtor_name, debtor_email, causale, amount_cents, due_date, taxonomy_code, iban, transfers, external_id,
            service_title, channel)
          select ${ctx.ente.id}::uuid, ${ctx.ente.fiscalCode}, ${ctx.importId}::uuid, r.service_id, r.notice_number, r.iuv, r.debtor_type,
            r.debtor_fiscal_code, r.debtor_name, r.debtor_email, r.causale, r.amount_cents, r.due_date, r.taxonomy_code, r.iban, r.transfers,
            r.external_id, r.service_title, 'import'
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(service_id uuid, notice_number text, iuv text, debtor_type text,
            debtor_fiscal_code text, debtor_name text, debtor_email text, causale text, amount_cents bigint, due_date date,
            taxonomy_code text, iban text, transfers jsonb, external_id text, service_title text)
          on conflict do nothing
          returning id, external_id`),
      );
      counts.loaded = created.length;
      registrations.push(...created.map((p) => p.id));
      await queueNoticeMessages(
        tx,
        ctx.ente.id,
        created.map((p) => p.id),
      );
      lost(toCreate, new Set(created.map((p) => p.external_id)), (r) => r.row.id_esterno);
    }

    if (toUpdate.length) {
      const rows = toUpdate.map(({ positionId, row, accounting }) => ({
        id: positionId,
        taxonomy_code: accounting.taxonomyCode,
        iban: accounting.iban,
        transfers: accounting.transfers,
        debtor_type: row.tipo_debitore,
        debtor_fiscal_code: row.codice_fiscale,
        debtor_name: row.nominativo,
        debtor_email: row.email,
        causale: row.causale,
        amount_cents: row.importo,
        due_date: row.scadenza,
      }));
      // The status guard makes a position paid meanwhile lose the race instead of changing after payment.
      const updated = rowsOf<{ id: string }>(
        await tx.execute(sql`
          update ${positions} as p set
            debtor_type = v.debtor_type, debtor_fiscal_code = v.debtor_fiscal_code, debtor_name = v.debtor_name,
            debtor_email = v.debtor_email, causale = v.causale, amount_cents = v.amount_cents, due_date = v.due_date,
            taxonomy_code = v.taxonomy_code, iban = v.iban, transfers = v.transfers,
            status = 'valid', import_id = ${ctx.importId}, registration_status = 'pending', updated_at = now()
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(id uuid, debtor_type text, debtor_fiscal_code text,
            debtor_name text, debtor_email text, causale text, amount_cents bigint, due_date date, taxonomy_code text, iban text,
            transfers jsonb)
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
      await enqueueInvalidations(
        tx,
        ctx.ente.id,
        cancelled.map((p) => p.id),
      );
      lost(toCancel, new Set(cancelled.map((p) => p.id)), (r) => r.positionId);
    }

    // Registration with the partner: one job for the batch's new and changed positions, not one `jobs` row each.
    await enqueueRegistrationBatch(tx, ctx.ente.id, registrations);

    const rejectRows = rejects.flatMap((r) =>
      r.problems.map((p) => ({ row_number: r.rowNumber, column: p.column, value: p.value.slice(0, 200), reason: p.reason.slice(0, 300) })),
    );
    if (rejectRows.length) {
      await tx.execute(sql`
        insert into ${importRejects} (import_id, row_number, "column", value, reason)
        select ${ctx.importId}::uuid, r.row_number, r."column", r.value, r.reason
        from jsonb_to_recordset(${JSON.stringify(rejectRows)}::jsonb) as r(row_number int, "column" text, value text, reason text)`);
    }
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
