import { and, eq, isNotNull, min, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  conservazioneConfigs,
  conservazioneReceipts,
  enteColumns,
  enti,
  receipts,
  type ConservazioneMessage,
  type ConservazioneRunSummary,
} from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { raiseConservazioneAlert } from './alerts';
import { runnableConfig } from './ente-config';
import { exportDays } from './export-batch';
import { sendToParer } from './parer-batch';
import { PORTAL_CODES, takeLease, type Run, type RunOptions } from './run-context';

/*
 * The daily conservazione run of one Ente. It enrols the receipts of the Ente's ledger it has not seen yet
 * (pending), then hands them over: to SacER one package each (parer-batch.ts), or in SInCRO day exports
 * (export-batch.ts). A configuration refusal is kept on the Ente's configuration until a save or a run
 * that gets something through.
 * One run per Ente at a time, across instances: the run holds a lease on the Ente's configuration row,
 * renewed receipt by receipt; a second run meanwhile returns `busy` and sends nothing.
 * Rejections and configuration stops are alerts: an audit entry without actor (the CIT's registro), a
 * warning in the log, and the counts that the Ente's dashboard and the CIT monitoring show.
 */

/** How many receipts one run sends or exports at most; the rest goes to the next run, which the scheduler queues within minutes. */
export const DEFAULT_BATCH_LIMIT = 500;

export type RunResult =
  | { kind: 'inactive'; reason: string }
  /** Another run of the same Ente holds the lease. */
  | { kind: 'busy' }
  | { kind: 'ran'; summary: ConservazioneRunSummary };

export async function runConservazione(db: Database, enteId: string, options: RunOptions = {}): Promise<RunResult> {
  const now = options.now ?? (() => new Date());
  const [row] = await db.select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, enteId));
  if (!row) return { kind: 'inactive', reason: 'Conservazione non configurata' };
  const config = runnableConfig(row);
  if ('problem' in config) return { kind: 'inactive', reason: config.problem };
  const [ente] = await db.select(enteColumns).from(enti).where(eq(enti.id, enteId));
  if (!ente) return { kind: 'inactive', reason: 'Ente non trovato' };

  const token = await takeLease(db, enteId);
  if (!token) return { kind: 'busy' };
  const summary: ConservazioneRunSummary = { enrolled: 0, preserved: 0, rejected: 0, failed: 0, exported: 0, stoppedBy: null };
  let configError: (ConservazioneMessage & { at: string }) | null = null;
  try {
    summary.enrolled = await enrol(db, enteId);
    const run: Run = { db, ente, token, options, now, summary, limit: options.batchLimit ?? DEFAULT_BATCH_LIMIT };
    if (!ente.pec && !ente.email) configError = await stopWithoutAddress(run);
    else if (config.conservatore === 'parer') configError = await sendToParer(run, config);
    else await exportDays(run, config.settings);
  } finally {
    await finish(db, enteId, token, summary, configError, now());
  }
  return { kind: 'ran', summary };
}

/** Every package names the Ente's digital address (Allegato 5): without one none can be built. */
async function stopWithoutAddress(run: Run): Promise<ConservazioneMessage & { at: string }> {
  const stop = {
    code: PORTAL_CODES.enteAddress,
    message: 'L’Ente non ha un indirizzo PEC o e-mail nel profilo: serve nei metadati di ogni ricevuta',
  };
  run.summary.stoppedBy = 'configuration';
  await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_configurazione_rifiutata', null, stop);
  return { ...stop, at: run.now().toISOString() };
}

/**
 * Every receipt of the Ente's ledger not yet enrolled becomes pending. An anti-join on the unique
 * (ente_id, receipt_seq) index rather than «after the highest seq»: nothing is skipped even if the ledger
 * ever showed a gap for a moment.
 */
async function enrol(db: Database, enteId: string): Promise<number> {
  const [row] = rowsOf<{ n: string | number }>(
    await db.execute(sql`
      with enrolled as (
        insert into ${conservazioneReceipts} (receipt_row_id, ente_id, receipt_seq)
        select r.id, r.ente_id, r.seq from ${receipts} r
        where r.ente_id = ${enteId}
          and not exists (select 1 from ${conservazioneReceipts} c where c.ente_id = r.ente_id and c.receipt_seq = r.seq)
        on conflict do nothing
        returning 1)
      select count(*) as n from enrolled`),
  );
  return Number(row?.n ?? 0);
}

/** Closes the run: releases the lease and records what it did and when it should run again. */
async function finish(
  db: Database,
  enteId: string,
  token: string,
  summary: ConservazioneRunSummary,
  configError: (ConservazioneMessage & { at: string }) | null,
  at: Date,
): Promise<void> {
  const [retry] = await db
    .select({ at: min(conservazioneReceipts.nextAttemptAt) })
    .from(conservazioneReceipts)
    .where(
      and(
        eq(conservazioneReceipts.enteId, enteId),
        eq(conservazioneReceipts.state, 'failed'),
        isNotNull(conservazioneReceipts.nextAttemptAt),
      ),
    );
  const worked = summary.preserved > 0 || summary.exported > 0;
  const preservedNow = summary.preserved > 0;
  await db
    .update(conservazioneConfigs)
    .set({
      runToken: null,
      runLeaseUntil: null,
      lastRunFinishedAt: at,
      lastRunSummary: summary,
      runAgainAt: summary.stoppedBy === 'limit' ? at : (retry?.at ?? null),
      ...(preservedNow ? { lastPreservedAt: at } : {}),
      // A refusal of the configuration stays until a save or a run that gets something through.
      ...(configError ? { configError } : worked ? { configError: null } : {}),
    })
    .where(and(eq(conservazioneConfigs.enteId, enteId), eq(conservazioneConfigs.runToken, token)));
  if (summary.preserved || summary.rejected || summary.failed || summary.exported || summary.stoppedBy) {
    logger.info({ event: 'conservazione_run', enteId, ...summary }, 'conservazione eseguita');
  }
}
