import { and, eq, inArray, isNotNull, max, sql } from 'drizzle-orm';
import { ZodError } from 'zod';
import type { Database } from '@/db';
import { enti, partnerConnections, reportingFlows } from '@/db/schema';
import { enqueue, type JobHandler } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { loadConnection } from '@/lib/partners/connections';
import { fdrEndpointOf, fetchFdrFlow, listFdrFlows } from '@/lib/partners/pagopa/fdr';
import { partnerContext } from '@/lib/partners/registry';
import { PartnerRejectedError } from '@/lib/partners/types';
import { importReportingFlow } from './import';

/** One job per Ente and pull: a failure (FdR down) retries with the queue's backoff, not on the next tick. */
export const FDR_QUEUE = 'fdr-pull';

/**
 * Flows are asked for from this long before the newest one already imported: FdR filters on the publication
 * time, which we do not keep, and a flow may be published a while after its date. Those already here are
 * skipped without being fetched again.
 */
const LOOKBACK_MS = 3 * 24 * 3_600_000;

/** Enqueues a pull for every Ente (active or suspended: money still arrives) whose GPD connection has an FdR URL. */
export async function scheduleFdrPulls(db: Database): Promise<number> {
  const rows = await db
    .select({ id: enti.id })
    .from(enti)
    .innerJoin(partnerConnections, eq(partnerConnections.enteId, enti.id))
    .where(
      and(
        inArray(enti.adhesionStatus, ['attivo', 'sospeso']),
        isNotNull(enti.partner),
        eq(partnerConnections.protocol, 'gpd_checkout'),
        sql`${partnerConnections.settings}->>'fdrUrl' is not null`,
      ),
    );
  let created = 0;
  for (const row of rows) {
    const result = await enqueue(db, FDR_QUEUE, { enteId: row.id }, { singletonKey: `fdr:${row.id}`, maxAttempts: 8 });
    if (result.created) created++;
  }
  return created;
}

export interface FdrPullResult {
  listed: number;
  imported: number;
  skipped: number;
}

/**
 * Pulls the flows published for one Ente since its newest imported one and imports each in its own
 * transaction, so that a failure half-way keeps what was done. A flow FdR refuses for good (withdrawn: 404)
 * is logged and skipped; FdR unreachable throws PartnerUnavailableError, and the job retries.
 */
export async function pullFdrFlows(db: Database, enteId: string): Promise<FdrPullResult> {
  const result: FdrPullResult = { listed: 0, imported: 0, skipped: 0 };
  const [ente] = await db.select({ id: enti.id, fiscalCode: enti.fiscalCode, name: enti.name }).from(enti).where(eq(enti.id, enteId));
  if (!ente) return result;
  const connection = await loadConnection(db, ente.id);
  if (connection.protocol !== 'gpd_checkout') return result;
  const endpoint = fdrEndpointOf(connection.settings, connection.secrets);
  if (!endpoint) return result;
  const ctx = partnerContext(ente);
  const [newest] = await db
    .select({ at: max(reportingFlows.flowDate) })
    .from(reportingFlows)
    .where(and(eq(reportingFlows.enteId, ente.id), eq(reportingFlows.source, 'fdr')));
  const since = newest?.at ? new Date(newest.at.getTime() - LOOKBACK_MS) : null;
  const refs = await listFdrFlows(endpoint, ctx, since);
  result.listed = refs.length;
  const known = new Set(
    (
      await db
        .select({ flowId: reportingFlows.flowId, pspId: reportingFlows.pspId, revision: reportingFlows.revision })
        .from(reportingFlows)
        .where(and(eq(reportingFlows.enteId, ente.id), inArray(reportingFlows.flowId, [...new Set(refs.map((r) => r.flowId)), ''])))
    ).map((f) => `${f.flowId}|${f.pspId}|${f.revision}`),
  );
  // Lower revisions first: a later one then supersedes them as it arrives.
  for (const ref of [...refs].sort((a, b) => a.revision - b.revision)) {
    if (known.has(`${ref.flowId}|${ref.pspId}|${ref.revision}`)) {
      result.skipped++;
      continue;
    }
    try {
      const flow = await fetchFdrFlow(endpoint, ctx, ref);
      if ((await importReportingFlow(db, ente, flow, 'fdr')).kind === 'imported') result.imported++;
      else result.skipped++;
    } catch (error) {
      // Refused for good, or a flow that cannot be stored (repeated indices): retrying cannot help.
      if (!(error instanceof PartnerRejectedError || error instanceof ZodError)) throw error;
      result.skipped++;
      logger.warn({ enteId: ente.id, flowId: ref.flowId, revision: ref.revision, err: error.message }, 'flusso FdR rifiutato: saltato');
    }
  }
  return result;
}

export const fdrPullJobHandler: JobHandler = async (db, payload) => {
  const result = await pullFdrFlows(db, String(payload.enteId));
  if (result.imported > 0) logger.info({ enteId: payload.enteId, ...result }, 'flussi di rendicontazione importati');
};
