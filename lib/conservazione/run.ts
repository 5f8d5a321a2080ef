import { and, asc, eq, gt, inArray, isNotNull, isNull, lt, lte, min, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  conservazioneConfigs,
  conservazioneExports,
  conservazioneReceipts,
  enteColumns,
  enti,
  positions,
  receipts,
  type ConservazioneMessage,
  type ConservazioneRunSummary,
  type Ente,
  type Receipt,
} from '@/db/schema';
import { renderStoredReceipt } from '@/lib/documents/position-documents';
import { italianDay } from '@/lib/format/date';
import { rowsOf } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { findProviderProfile } from '@/lib/provider/profile';
import { raiseConservazioneAlert } from './alerts';
import type { Conservatore, VersamentoOutcome } from './conservatore';
import { runnableConfig, type RunnableConfig } from './ente-config';
import { MetadataError } from './metadata';
import { buildVersamentoPackage } from './package';
import { createParerConservatore } from './parer/versamento-sync';
import { buildSincroDayExport, dayBounds } from './sincro/day-export';
import type { ConservazioneSettings } from './settings';

/*
 * The daily conservazione run of one Ente. It enrols the receipts of the Ente's ledger it has not seen yet
 * (pending), then:
 * - ParER: sends them one package each, in ledger order, and stores each outcome. A document refusal
 *   rejects that receipt and the batch goes on; a configuration refusal stops the batch (every other
 *   receipt would be refused alike) and is shown on the Ente's configuration; no verdict (timeout, 5xx,
 *   SacER's own error) is retried with exponential backoff, a bounded number of times.
 * - export: builds, records and keeps the SInCRO ZIP of every past day with receipts to hand over, and
 *   marks them exported.
 * One run per Ente at a time, across instances: the run holds a lease on the Ente's configuration row,
 * renewed receipt by receipt; a second run meanwhile returns `busy` and sends nothing.
 * Rejections and configuration stops are alerts: an audit entry without actor (the CIT's registro), a
 * warning in the log, and the counts that the Ente's dashboard and the CIT monitoring show.
 */

/** A run holds its lease this long past its last renewal: longer than the longest SacER call (10 minutes). */
const LEASE_SECONDS = 15 * 60;

/** How many receipts one run sends or exports at most; the rest goes to the next run, queued at once. */
export const DEFAULT_BATCH_LIMIT = 500;

/** After this many failures in a row the conservatore is down: the batch stops and retries later. */
const MAX_CONSECUTIVE_FAILURES = 3;

/** Failed attempts of one receipt before it waits for a person («riprova»). */
export const MAX_FAILED_ATTEMPTS = 8;

/** Backoff of a failed receipt: 5 minutes, doubling, at most a day. */
export function failureBackoffMs(attempts: number): number {
  return Math.min(5 * 60_000 * 2 ** Math.max(0, attempts - 1), 24 * 3_600_000);
}

/** Codes of the refusals the portal itself makes before anything reaches a conservatore. */
export const PORTAL_CODES = {
  document: 'PORTALE-DOCUMENTO',
  pdf: 'PORTALE-PDF',
  enteAddress: 'PORTALE-ENTE-SENZA-INDIRIZZO',
  noRapporto: 'PORTALE-RAPPORTO-MANCANTE',
} as const;

const CHUNK = 20;

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

export type RunResult =
  | { kind: 'inactive'; reason: string }
  /** Another run of the same Ente holds the lease. */
  | { kind: 'busy' }
  | { kind: 'ran'; summary: ConservazioneRunSummary };

type Row = typeof conservazioneReceipts.$inferSelect;

/** The receipts a run may send now: never tried, left `sent` by a run that died, failed and due again. */
const sendable = (now: Date): SQL =>
  or(
    inArray(conservazioneReceipts.state, ['pending', 'sent']),
    and(eq(conservazioneReceipts.state, 'failed'), lte(conservazioneReceipts.nextAttemptAt, now)),
  )!;

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
    if (config.conservatore === 'parer') configError = await sendToParer(run, config);
    else await exportDays(run, config.settings);
  } finally {
    await finish(db, enteId, token, summary, configError, now());
  }
  return { kind: 'ran', summary };
}

interface Run {
  db: Database;
  ente: Ente;
  token: string;
  options: RunOptions;
  now: () => Date;
  summary: ConservazioneRunSummary;
  limit: number;
}

async function takeLease(db: Database, enteId: string): Promise<string | null> {
  const [taken] = await db
    .update(conservazioneConfigs)
    .set({
      runToken: sql`gen_random_uuid()`,
      runLeaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
      lastRunStartedAt: sql`now()`,
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
async function keepGoing(run: Run, callMs: number): Promise<boolean> {
  if (run.options.signal?.aborted) return false;
  if (run.options.extendLock && !(await run.options.extendLock(callMs + 60_000))) return false;
  const renewed = await run.db
    .update(conservazioneConfigs)
    .set({ runLeaseUntil: sql`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where(and(eq(conservazioneConfigs.enteId, run.ente.id), eq(conservazioneConfigs.runToken, run.token)))
    .returning({ enteId: conservazioneConfigs.enteId });
  return renewed.length > 0;
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

/** The next receipts to send after `afterSeq`, in ledger order, with their documents. */
function nextToSend(run: Run, afterSeq: number) {
  return run.db
    .select({ state: conservazioneReceipts, receipt: receipts })
    .from(conservazioneReceipts)
    .innerJoin(receipts, eq(receipts.id, conservazioneReceipts.receiptRowId))
    .where(and(eq(conservazioneReceipts.enteId, run.ente.id), gt(conservazioneReceipts.receiptSeq, afterSeq), sendable(run.now())))
    .orderBy(asc(conservazioneReceipts.receiptSeq))
    .limit(CHUNK);
}

async function defaultRenderPdf(db: Database, ente: Ente, receipt: Receipt): Promise<Buffer> {
  const [position] = receipt.positionId
    ? await db
        .select()
        .from(positions)
        .where(and(eq(positions.id, receipt.positionId), eq(positions.enteId, ente.id)))
    : [];
  return renderStoredReceipt(db, ente, { receipt, position: position ?? null });
}

/** Sends the backlog to SacER. Returns the configuration refusal that stopped it, if one did. */
async function sendToParer(
  run: Run,
  config: Extract<RunnableConfig, { conservatore: 'parer' }>,
): Promise<(ConservazioneMessage & { at: string }) | null> {
  if (!run.ente.pec && !run.ente.email) {
    // Every package names the Ente's digital address (Allegato 5): none can be built.
    const stop = {
      code: PORTAL_CODES.enteAddress,
      message: 'L’Ente non ha un indirizzo PEC o e-mail nel profilo: serve nei metadati di ogni ricevuta',
    };
    run.summary.stoppedBy = 'configuration';
    await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_configurazione_rifiutata', null, stop);
    return { ...stop, at: run.now().toISOString() };
  }
  const conservatore = createParerConservatore(config.parer, config.secrets);
  const renderPdf = run.options.renderPdf ?? defaultRenderPdf;
  let sent = 0;
  let failuresInARow = 0;
  let afterSeq = 0;
  for (;;) {
    const chunk = await nextToSend(run, afterSeq);
    if (chunk.length === 0) return null;
    for (const { state, receipt } of chunk) {
      afterSeq = state.receiptSeq;
      if (sent >= run.limit) {
        run.summary.stoppedBy = 'limit';
        return null;
      }
      if (!(await keepGoing(run, config.parer.timeoutMs))) return null;
      sent++;
      const outcome = await attempt(run, conservatore, config.settings, state, receipt, renderPdf);
      if (outcome.kind === 'rejected' && outcome.cause === 'configuration') {
        run.summary.stoppedBy = 'configuration';
        return { code: outcome.code, message: outcome.message, at: run.now().toISOString() };
      }
      failuresInARow = outcome.kind === 'failed' ? failuresInARow + 1 : 0;
      if (failuresInARow >= MAX_CONSECUTIVE_FAILURES) {
        run.summary.stoppedBy = 'failures';
        return null;
      }
    }
  }
}

/** One receipt: claimed as `sent`, packaged, sent, and its outcome stored. */
async function attempt(
  run: Run,
  conservatore: Conservatore,
  settings: ConservazioneSettings,
  state: Row,
  receipt: Receipt,
  renderPdf: NonNullable<RunOptions['renderPdf']>,
): Promise<VersamentoOutcome> {
  const [claimed] = await run.db
    .update(conservazioneReceipts)
    .set({ state: 'sent', attempts: sql`${conservazioneReceipts.attempts} + 1`, lastAttemptAt: run.now(), updatedAt: run.now() })
    .where(and(eq(conservazioneReceipts.receiptRowId, state.receiptRowId), eq(conservazioneReceipts.state, state.state)))
    .returning({ attempts: conservazioneReceipts.attempts });
  if (!claimed) return { kind: 'failed', code: null, message: 'Stato cambiato nel frattempo', retryable: true };
  let outcome: VersamentoOutcome;
  try {
    const pkg = buildVersamentoPackage({ receipt, ente: run.ente, pdf: await renderPdf(run.db, run.ente, receipt), settings });
    outcome = await conservatore.send(pkg, run.options.signal);
  } catch (error) {
    if (error instanceof MetadataError) {
      outcome = { kind: 'rejected', code: PORTAL_CODES.document, message: error.message, retryable: false, cause: 'document' };
    } else {
      const message = error instanceof Error ? error.message : String(error);
      logger.error(
        { event: 'conservazione_pdf_failed', enteId: run.ente.id, receiptRowId: receipt.id, err: message },
        'ricevuta PDF non generata',
      );
      outcome = { kind: 'failed', code: PORTAL_CODES.pdf, message: 'Ricevuta PDF non generata', retryable: true };
    }
  }
  await recordOutcome(run, state.receiptRowId, claimed.attempts, outcome);
  return outcome;
}

async function recordOutcome(run: Run, receiptRowId: string, attempts: number, outcome: VersamentoOutcome): Promise<void> {
  const at = run.now();
  const where = and(eq(conservazioneReceipts.receiptRowId, receiptRowId), eq(conservazioneReceipts.state, 'sent'));
  const preserved = outcome.kind === 'preserved' || (outcome.kind === 'already_preserved' && outcome.rapporto !== null);
  if (preserved) {
    const rapporto = outcome.rapporto!;
    const note = outcome.kind === 'already_preserved' ? { code: outcome.code, message: outcome.message } : outcome.warnings[0];
    await run.db
      .update(conservazioneReceipts)
      .set({
        state: 'preserved',
        outcomeCode: note?.code ?? null,
        outcomeMessage: note?.message ?? null,
        rapporto: rapporto.xml,
        rapportoSha256: rapporto.sha256,
        rapportoUrn: rapporto.urn,
        sipUrn: rapporto.sipUrn,
        warnings: outcome.kind === 'preserved' ? outcome.warnings : [],
        attempts: 0,
        nextAttemptAt: null,
        preservedAt: at,
        updatedAt: at,
      })
      .where(where);
    run.summary.preserved++;
    return;
  }
  if (outcome.kind === 'failed') {
    const exhausted = attempts >= MAX_FAILED_ATTEMPTS;
    await run.db
      .update(conservazioneReceipts)
      .set({
        state: 'failed',
        outcomeCode: outcome.code,
        outcomeMessage: outcome.message,
        nextAttemptAt: exhausted ? null : new Date(at.getTime() + failureBackoffMs(attempts)),
        updatedAt: at,
      })
      .where(where);
    run.summary.failed++;
    if (exhausted)
      await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_non_riuscita', receiptRowId, {
        code: outcome.code ?? 'NESSUN-ESITO',
        message: outcome.message,
      });
    return;
  }
  const refusal =
    outcome.kind === 'rejected'
      ? outcome
      : {
          code: PORTAL_CODES.noRapporto,
          message: `${outcome.message} (${outcome.code}): il conservatore non ha restituito il rapporto di versamento, da chiedere al conservatore`,
          cause: 'document' as const,
        };
  if (refusal.cause === 'configuration') {
    // Not this receipt's fault: it stays first in line for the run after the fix.
    await run.db
      .update(conservazioneReceipts)
      .set({ state: 'pending', outcomeCode: refusal.code, outcomeMessage: refusal.message, attempts: 0, updatedAt: at })
      .where(where);
    await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_configurazione_rifiutata', receiptRowId, refusal);
    return;
  }
  await run.db
    .update(conservazioneReceipts)
    .set({ state: 'rejected', outcomeCode: refusal.code, outcomeMessage: refusal.message, nextAttemptAt: null, updatedAt: at })
    .where(where);
  run.summary.rejected++;
  await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_rifiutata', receiptRowId, refusal);
}

/** Exports every past day (Italian days, by entry in the ledger) that has receipts to hand over, oldest first. */
async function exportDays(run: Run, settings: ConservazioneSettings): Promise<void> {
  const today = italianDay(run.now());
  const days = await run.db
    .selectDistinct({ day: sql<string>`to_char(${receipts.createdAt} at time zone 'Europe/Rome', 'YYYY-MM-DD')` })
    .from(conservazioneReceipts)
    .innerJoin(receipts, eq(receipts.id, conservazioneReceipts.receiptRowId))
    .where(and(eq(conservazioneReceipts.enteId, run.ente.id), sendable(run.now())))
    .orderBy(sql`1`);
  const renderPdf = run.options.renderPdf ?? defaultRenderPdf;
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

async function recordExport(run: Run, day: string, built: Awaited<ReturnType<typeof buildSincroDayExport>>): Promise<void> {
  const { from, to } = dayBounds(day);
  const skippedIds = built?.skipped.map((s) => s.receiptRowId) ?? [];
  const ofTheDay = sql`${conservazioneReceipts.receiptRowId} in (select r.id from ${receipts} r where r.ente_id = ${run.ente.id} and r.created_at >= ${from} and r.created_at < ${to})`;
  const rejected = await run.db.transaction(async (tx) => {
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
      const exported = await tx
        .update(conservazioneReceipts)
        .set({ state: 'exported', exportId: stored!.id, outcomeCode: null, outcomeMessage: null, nextAttemptAt: null, updatedAt: at })
        .where(
          and(
            eq(conservazioneReceipts.enteId, run.ente.id),
            sendable(at),
            ofTheDay,
            skippedIds.length ? notInArray(conservazioneReceipts.receiptRowId, skippedIds) : undefined,
          ),
        )
        .returning({ id: conservazioneReceipts.receiptRowId });
      run.summary.exported += exported.length;
    }
    const reasons = new Map(built?.skipped.map((s) => [s.receiptRowId, s.reason]) ?? []);
    const refused = skippedIds.length
      ? await tx
          .update(conservazioneReceipts)
          .set({
            state: 'rejected',
            outcomeCode: PORTAL_CODES.document,
            outcomeMessage: sql`case ${conservazioneReceipts.receiptRowId} ${sql.join(
              [...reasons].map(([id, reason]) => sql`when ${id}::uuid then ${reason}`),
              sql` `,
            )} end`,
            updatedAt: at,
          })
          .where(and(eq(conservazioneReceipts.enteId, run.ente.id), sendable(at), inArray(conservazioneReceipts.receiptRowId, skippedIds)))
          .returning({ id: conservazioneReceipts.receiptRowId, message: conservazioneReceipts.outcomeMessage })
      : [];
    return refused;
  });
  run.summary.rejected += rejected.length;
  for (const r of rejected) {
    await raiseConservazioneAlert(run.db, run.ente.id, 'conservazione_rifiutata', r.id, {
      code: PORTAL_CODES.document,
      message: r.message ?? '',
    });
  }
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
