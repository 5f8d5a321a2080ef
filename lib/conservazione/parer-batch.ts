import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { conservazioneReceipts, receipts, type ConservazioneMessage, type ConservazioneReceipt, type Receipt } from '@/db/schema';
import { logger } from '@/lib/logger';
import { raiseConservazioneAlert } from './alerts';
import type { Conservatore, VersamentoOutcome } from './conservatore';
import type { RunnableConfig } from './ente-config';
import { MetadataError } from './metadata';
import { buildVersamentoPackage } from './package';
import { createParerConservatore } from './parer/versamento-sync';
import { keepGoing, PORTAL_CODES, renderPdfOf, sendable, type Run } from './run-context';
import type { ConservazioneSettings } from './settings';

/*
 * The ParER batch of a run: the Ente's due receipts, one package each, in ledger order. A document refusal
 * rejects that receipt and the batch goes on; a configuration refusal stops it (every other receipt would
 * be refused alike); no verdict is retried with exponential backoff, a bounded number of times, and three
 * in a row stop the batch (the conservatore is down).
 */

/** After this many failures in a row the conservatore is down: the batch stops and retries later. */
const MAX_CONSECUTIVE_FAILURES = 3;

/** Failed attempts of one receipt before it waits for a person («riprova»). */
export const MAX_FAILED_ATTEMPTS = 8;

/** Backoff of a failed receipt: 5 minutes, doubling, at most a day. */
export function failureBackoffMs(attempts: number): number {
  return Math.min(5 * 60_000 * 2 ** Math.max(0, attempts - 1), 24 * 3_600_000);
}

const CHUNK = 20;

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

/** Sends the backlog to SacER. Returns the configuration refusal that stopped it, if one did. */
export async function sendToParer(
  run: Run,
  config: Extract<RunnableConfig, { conservatore: 'parer' }>,
): Promise<(ConservazioneMessage & { at: string }) | null> {
  const conservatore = createParerConservatore(config.parer, config.secrets);
  const renderPdf = renderPdfOf(run);
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
  state: ConservazioneReceipt,
  receipt: Receipt,
  renderPdf: ReturnType<typeof renderPdfOf>,
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
  if (outcome.kind === 'preserved' || (outcome.kind === 'already_preserved' && outcome.rapporto)) {
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
