import { and, eq, gte, inArray, lt, notInArray, sql } from 'drizzle-orm';
import { conservazioneExports, conservazioneReceipts, receipts } from '@/db/schema';
import { italianDay } from '@/lib/format/date';
import { findProviderProfile } from '@/lib/provider/profile';
import { raiseConservazioneAlert } from './alerts';
import { keepGoing, PORTAL_CODES, renderPdfOf, sendable, type Run } from './run-context';
import type { ConservazioneSettings } from './settings';
import { buildSincroDayExport, dayBounds, type DayExport } from './sincro/day-export';

/*
 * The export batch of a run, for an Ente whose conservatore is not ParER: the SInCRO ZIP of every past day
 * with receipts to hand over is built, recorded with its hash and kept byte for byte; its receipts become
 * `exported` (handed over, not preserved by us).
 */

/** Exports every past day (Italian days, by entry in the ledger) that has receipts to hand over, oldest first. */
export async function exportDays(run: Run, settings: ConservazioneSettings): Promise<void> {
  const today = italianDay(run.now());
  const days = await run.db
    .selectDistinct({ day: sql<string>`to_char(${receipts.createdAt} at time zone 'Europe/Rome', 'YYYY-MM-DD')` })
    .from(conservazioneReceipts)
    .innerJoin(receipts, eq(receipts.id, conservazioneReceipts.receiptRowId))
    .where(and(eq(conservazioneReceipts.enteId, run.ente.id), sendable(run.now())))
    .orderBy(sql`1`);
  const renderPdf = renderPdfOf(run);
  const producer = (await findProviderProfile(run.db))?.serviceCentreName ?? 'Portale pagamenti';
  for (const { day } of days) {
    if (day >= today) break;
    if (run.summary.exported >= run.limit) {
      run.summary.stoppedBy = 'limit';
      return;
    }
    if (!(await keepGoing(run, 10 * 60_000))) return;
    const built = await buildSincroDayExport(run.db, run.ente, day, {
      settings,
      renderPdf: (receipt) => renderPdf(run.db, run.ente, receipt),
      producer,
      now: run.now(),
      signal: run.options.signal,
    });
    await recordExport(run, day, built);
  }
}

/**
 * Records a day's export and what became of its receipts, in one transaction: exported, or rejected when
 * the export had to leave them out (no original document kept, digest mismatch).
 */
async function recordExport(run: Run, day: string, built: DayExport | null): Promise<void> {
  const { from, to } = dayBounds(day);
  const skipped = built?.skipped ?? [];
  const refused = await run.db.transaction(async (tx) => {
    const at = run.now();
    if (built) {
      const [stored] = await tx
        .insert(conservazioneExports)
        .values({
          enteId: run.ente.id,
          day,
          fileName: built.fileName,
          sha256: built.sha256,
          sizeBytes: built.zip.length,
          receipts: built.receipts,
          skipped: built.skipped,
          zip: built.zip,
        })
        .returning({ id: conservazioneExports.id });
      const ofTheDay = tx
        .select({ id: receipts.id })
        .from(receipts)
        .where(and(eq(receipts.enteId, run.ente.id), gte(receipts.createdAt, from), lt(receipts.createdAt, to)));
      const exported = await tx
        .update(conservazioneReceipts)
        .set({ state: 'exported', exportId: stored!.id, outcomeCode: null, outcomeMessage: null, nextAttemptAt: null, updatedAt: at })
        .where(
          and(
            eq(conservazioneReceipts.enteId, run.ente.id),
            sendable(at),
            inArray(conservazioneReceipts.receiptRowId, ofTheDay),
            skipped.length
              ? notInArray(
                  conservazioneReceipts.receiptRowId,
                  skipped.map((s) => s.receiptRowId),
                )
              : undefined,
          ),
        )
        .returning({ id: conservazioneReceipts.receiptRowId });
      run.summary.exported += exported.length;
    }
    const out: { receiptRowId: string; reason: string }[] = [];
    for (const s of skipped) {
      const [updated] = await tx
        .update(conservazioneReceipts)
        .set({ state: 'rejected', outcomeCode: PORTAL_CODES.document, outcomeMessage: s.reason, updatedAt: at })
        .where(and(eq(conservazioneReceipts.enteId, run.ente.id), eq(conservazioneReceipts.receiptRowId, s.receiptRowId), sendable(at)))
        .returning({ id: conservazioneReceipts.receiptRowId });
      if (updated) out.push(s);
    }
    return out;
  });
  run.summary.rejected += refused.length;
  for (const r of refused) {
    await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_rifiutata', r.receiptRowId, {
      code: PORTAL_CODES.document,
      message: r.reason,
    });
  }
}
