import { and, eq, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { conservazioneConfigs, conservazioneReceipts, positions, type ConservazioneRunSummary, type Ente, type Receipt } from '@/db/schema';
import { renderStoredReceipt } from '@/lib/documents/position-documents';

/*
 * What the two kinds of batch (ParER, SInCRO export) share within one run: the run's state, the lease that
 * keeps two runs of one Ente apart, which receipts are due, how a ricevuta PDF is made.
 */

/** A run holds its lease this long past its last renewal: longer than the longest SacER call (10 minutes). */
const LEASE_SECONDS = 15 * 60;

/** Codes of the refusals the portal itself makes before anything reaches a conservatore. */
export const PORTAL_CODES = {
  document: 'PORTALE-DOCUMENTO',
  pdf: 'PORTALE-PDF',
  enteAddress: 'PORTALE-ENTE-SENZA-INDIRIZZO',
  noRapporto: 'PORTALE-RAPPORTO-MANCANTE',
} as const;

export interface RunOptions {
  /** The ricevuta PDF of a receipt (default: the one the back office serves). */
  renderPdf?: (db: Database, ente: Ente, receipt: Receipt) => Promise<Buffer>;
  /** The job's signal: aborts the call under way. */
  signal?: AbortSignal;
  /** The job's lock: extended before each package, so that a long batch is not taken for a dead one. */
  extendLock?: (ms?: number) => Promise<boolean>;
  batchLimit?: number;
  now?: () => Date;
}

/** One run under way. */
export interface Run {
  db: Database;
  ente: Ente;
  token: string;
  options: RunOptions;
  now: () => Date;
  summary: ConservazioneRunSummary;
  limit: number;
}

/** Takes the Ente's lease if no live run holds it: the run's token, or null. */
export async function takeLease(db: Database, enteId: string): Promise<string | null> {
  const [taken] = await db
    .update(conservazioneConfigs)
    .set({
      runToken: sql`gen_random_uuid()`,
      runLeaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      lastRunStartedAt: sql`now()`,
      // Should this run die without finishing, the scheduler queues the next one when its lease is over.
      runAgainAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
    })
    .where(
      and(
        eq(conservazioneConfigs.enteId, enteId),
        or(isNull(conservazioneConfigs.runLeaseUntil), lt(conservazioneConfigs.runLeaseUntil, sql`now()`)),
      ),
    )
    .returning({ token: conservazioneConfigs.runToken });
  return taken?.token ?? null;
}

/** Renews the lease (and the job's lock) before the next package; false when the lease was lost. */
export async function keepGoing(run: Run, callMs: number): Promise<boolean> {
  if (run.options.signal?.aborted) return false;
  if (run.options.extendLock && !(await run.options.extendLock(callMs + 60_000))) return false;
  const renewed = await run.db
    .update(conservazioneConfigs)
    .set({ runLeaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(and(eq(conservazioneConfigs.enteId, run.ente.id), eq(conservazioneConfigs.runToken, run.token)))
    .returning({ enteId: conservazioneConfigs.enteId });
  return renewed.length > 0;
}

/** The receipts a run may send now: never tried, left `sent` by a run that died, failed and due again. */
export const sendable = (now: Date): SQL =>
  or(
    inArray(conservazioneReceipts.state, ['pending', 'sent']),
    and(eq(conservazioneReceipts.state, 'failed'), lte(conservazioneReceipts.nextAttemptAt, now)),
  )!;

/** The ricevuta PDF of a receipt, as the back office serves it (with its position's service title). */
async function defaultRenderPdf(db: Database, ente: Ente, receipt: Receipt): Promise<Buffer> {
  const [position] = receipt.positionId
    ? await db
        .select()
        .from(positions)
        .where(and(eq(positions.id, receipt.positionId), eq(positions.enteId, ente.id)))
    : [];
  return renderStoredReceipt(db, ente, { receipt, position: position ?? null });
}

export const renderPdfOf = (run: Run) => run.options.renderPdf ?? defaultRenderPdf;
