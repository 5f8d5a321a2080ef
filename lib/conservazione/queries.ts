import { and, count, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  conservazioneConfigs,
  conservazioneExports,
  conservazioneReceipts,
  conservazioneState,
  jobs,
  receiptChainHeads,
  receipts,
  type ConservazioneMessage,
  type ConservazioneRunSummary,
} from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { isUuid } from '@/lib/validation/ids';
import { toReviewCondition } from './alerts';
import { viewOf, type ConservazioneConfigView } from './ente-config';
import { conservazioneSingletonKey, CONSERVAZIONE_QUEUE } from './schedule';
import { exportDaySchema } from './sincro/day-export';

/*
 * What the back office and the CIT read of conservazione. Every query takes the Ente and filters on it;
 * an id of another Ente is simply not found. The ParER password is never read here (viewOf only says
 * whether one is stored).
 */

export type ConservazioneStateName = (typeof conservazioneState.enumValues)[number];
export const CONSERVAZIONE_STATES = conservazioneState.enumValues;

const SEQ_CURSOR = /^[1-9][0-9]{0,17}$/;

export interface ConservazioneSummary {
  config: ConservazioneConfigView | null;
  /** Receipts per state; receipts of the ledger the job has not enrolled yet are `notEnrolled`. */
  counts: Record<ConservazioneStateName, number>;
  notEnrolled: number;
  /** Pending, sent, failed and not yet enrolled: what is still to be handed over. */
  backlog: number;
  lastRun: { startedAt: Date | null; finishedAt: Date | null; summary: ConservazioneRunSummary | null };
  /** A run holds the lease now. */
  running: boolean;
  lastPreservedAt: Date | null;
  /** A run is queued or under way in the job queue. */
  queued: boolean;
}

async function countsOf(db: Database, enteId: string): Promise<Record<ConservazioneStateName, number>> {
  const rows = await db
    .select({ state: conservazioneReceipts.state, n: count() })
    .from(conservazioneReceipts)
    .where(eq(conservazioneReceipts.enteId, enteId))
    .groupBy(conservazioneReceipts.state);
  return Object.fromEntries(CONSERVAZIONE_STATES.map((s) => [s, Number(rows.find((r) => r.state === s)?.n ?? 0)])) as Record<
    ConservazioneStateName,
    number
  >;
}

/** The receipts of the ledger after the highest enrolled one (the job enrols them all, in ledger order). */
async function notEnrolledOf(db: Database, enteId: string): Promise<number> {
  const [head] = await db
    .select({ lastSeq: receiptChainHeads.lastSeq })
    .from(receiptChainHeads)
    .where(eq(receiptChainHeads.enteId, enteId));
  const [enrolled] = await db
    .select({ seq: max(conservazioneReceipts.receiptSeq) })
    .from(conservazioneReceipts)
    .where(eq(conservazioneReceipts.enteId, enteId));
  return Math.max(0, (head?.lastSeq ?? 0) - Number(enrolled?.seq ?? 0));
}

/** The Ente's conservazione at a glance: configuration (no password), counts per state, last run. */
export async function conservazioneSummary(db: Database, enteId: string): Promise<ConservazioneSummary> {
  const [[row], counts, notEnrolled, queuedRows] = await Promise.all([
    db.select().from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, enteId)),
    countsOf(db, enteId),
    notEnrolledOf(db, enteId),
    db
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.queue, CONSERVAZIONE_QUEUE),
          eq(jobs.singletonKey, conservazioneSingletonKey(enteId)),
          isNull(jobs.doneAt),
          isNull(jobs.deadAt),
        ),
      ),
  ]);
  return {
    config: row ? viewOf(row) : null,
    counts,
    notEnrolled,
    backlog: counts.pending + counts.sent + counts.failed + notEnrolled,
    lastRun: { startedAt: row?.lastRunStartedAt ?? null, finishedAt: row?.lastRunFinishedAt ?? null, summary: row?.lastRunSummary ?? null },
    running: row?.runLeaseUntil ? row.runLeaseUntil > new Date() : false,
    lastPreservedAt: row?.lastPreservedAt ?? null,
    queued: queuedRows.length > 0,
  };
}

export interface ConservazioneLine {
  receiptRowId: string;
  seq: number;
  receiptId: string;
  noticeNumber: string;
  iuv: string;
  amountCents: number;
  paymentDateTime: Date;
  state: ConservazioneStateName;
  outcomeCode: string | null;
  outcomeMessage: string | null;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  preservedAt: Date | null;
}

export interface ConservazionePage {
  lines: ConservazioneLine[];
  /** Pass as `after` for the next page; null on the last page. */
  nextCursor: string | null;
}

const LINE_COLUMNS = {
  receiptRowId: conservazioneReceipts.receiptRowId,
  seq: conservazioneReceipts.receiptSeq,
  receiptId: receipts.receiptId,
  noticeNumber: receipts.noticeNumber,
  iuv: receipts.creditorReferenceId,
  amountCents: receipts.amountCents,
  paymentDateTime: receipts.paymentDateTime,
  state: conservazioneReceipts.state,
  outcomeCode: conservazioneReceipts.outcomeCode,
  outcomeMessage: conservazioneReceipts.outcomeMessage,
  attempts: conservazioneReceipts.attempts,
  nextAttemptAt: conservazioneReceipts.nextAttemptAt,
  lastAttemptAt: conservazioneReceipts.lastAttemptAt,
  preservedAt: conservazioneReceipts.preservedAt,
};

/**
 * The Ente's receipts in conservazione, newest in the ledger first, optionally of one state, by keyset
 * pagination on the ledger sequence (conservazione_receipts_ente_state_seq_idx / _ente_seq_key). A cursor
 * that does not decode starts from the first page.
 */
export async function listConservazioneReceipts(
  db: Database,
  enteId: string,
  options: { state?: ConservazioneStateName; after?: string; limit: number },
): Promise<ConservazionePage> {
  const limit = Number.isFinite(options.limit) ? Math.min(Math.max(1, Math.trunc(options.limit)), 200) : 50;
  const state = options.state && CONSERVAZIONE_STATES.includes(options.state) ? options.state : undefined;
  const after = typeof options.after === 'string' && SEQ_CURSOR.test(options.after) ? Number(options.after) : null;
  const rows = await db
    .select(LINE_COLUMNS)
    .from(conservazioneReceipts)
    .innerJoin(receipts, eq(receipts.id, conservazioneReceipts.receiptRowId))
    .where(
      and(
        eq(conservazioneReceipts.enteId, enteId),
        state ? eq(conservazioneReceipts.state, state) : undefined,
        after !== null ? sql`${conservazioneReceipts.receiptSeq} < ${after}` : undefined,
      ),
    )
    .orderBy(desc(conservazioneReceipts.receiptSeq))
    .limit(limit + 1);
  const lines = rows.slice(0, limit);
  return { lines, nextCursor: rows.length > limit ? String(lines.at(-1)!.seq) : null };
}

export interface ConservazioneDetail extends ConservazioneLine {
  /** The rapporto di versamento exactly as the conservatore issued it, and its SHA-256 (hex) as recorded. */
  rapporto: string | null;
  rapportoSha256: string | null;
  rapportoUrn: string | null;
  sipUrn: string | null;
  warnings: ConservazioneMessage[];
  /** The SInCRO day export that carried it (export Enti). */
  export: { id: string; day: string; fileName: string; sha256: string } | null;
}

/** One receipt's preservation; undefined when the id is not one of this Ente's enrolled receipts. */
export async function findConservazioneReceipt(
  db: Database,
  enteId: string,
  receiptRowId: string,
): Promise<ConservazioneDetail | undefined> {
  if (!isUuid(receiptRowId)) return undefined;
  const [row] = await db
    .select({
      ...LINE_COLUMNS,
      rapporto: conservazioneReceipts.rapporto,
      rapportoSha256: conservazioneReceipts.rapportoSha256,
      rapportoUrn: conservazioneReceipts.rapportoUrn,
      sipUrn: conservazioneReceipts.sipUrn,
      warnings: conservazioneReceipts.warnings,
      exportId: conservazioneExports.id,
      exportDay: conservazioneExports.day,
      exportFileName: conservazioneExports.fileName,
      exportSha256: conservazioneExports.sha256,
    })
    .from(conservazioneReceipts)
    .innerJoin(receipts, eq(receipts.id, conservazioneReceipts.receiptRowId))
    .leftJoin(
      conservazioneExports,
      and(eq(conservazioneExports.id, conservazioneReceipts.exportId), eq(conservazioneExports.enteId, conservazioneReceipts.enteId)),
    )
    .where(and(eq(conservazioneReceipts.receiptRowId, receiptRowId), eq(conservazioneReceipts.enteId, enteId)));
  if (!row) return undefined;
  const { exportId, exportDay, exportFileName, exportSha256, warnings, ...rest } = row;
  return {
    ...rest,
    warnings: warnings ?? [],
    export: exportId ? { id: exportId, day: exportDay!, fileName: exportFileName!, sha256: exportSha256! } : null,
  };
}

export interface ExportLine {
  id: string;
  day: string;
  fileName: string;
  sha256: string;
  sizeBytes: number;
  receipts: number;
  skipped: { receiptRowId: string; reason: string }[];
  createdAt: Date;
}

export interface ExportPage {
  lines: ExportLine[];
  nextCursor: string | null;
}

const EXPORT_CURSOR = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f-]{36})$/;

/** The Ente's SInCRO day exports, newest day first (keyset on day and id), without their bytes. */
export async function listConservazioneExports(
  db: Database,
  enteId: string,
  options: { after?: string; limit: number },
): Promise<ExportPage> {
  const limit = Number.isFinite(options.limit) ? Math.min(Math.max(1, Math.trunc(options.limit)), 200) : 50;
  const cursor =
    typeof options.after === 'string' && options.after.length < 100
      ? EXPORT_CURSOR.exec(Buffer.from(options.after, 'base64url').toString('utf8'))
      : null;
  const rows = await db
    .select({
      id: conservazioneExports.id,
      day: conservazioneExports.day,
      fileName: conservazioneExports.fileName,
      sha256: conservazioneExports.sha256,
      sizeBytes: conservazioneExports.sizeBytes,
      receipts: conservazioneExports.receipts,
      skipped: conservazioneExports.skipped,
      createdAt: conservazioneExports.createdAt,
    })
    .from(conservazioneExports)
    .where(
      and(
        eq(conservazioneExports.enteId, enteId),
        cursor ? sql`(${conservazioneExports.day}, ${conservazioneExports.id}) < (${cursor[1]}::date, ${cursor[2]}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(conservazioneExports.day), desc(conservazioneExports.id))
    .limit(limit + 1);
  const lines = rows.slice(0, limit);
  const last = lines.at(-1);
  return {
    lines,
    nextCursor: rows.length > limit && last ? Buffer.from(`${last.day}|${last.id}`).toString('base64url') : null,
  };
}

export interface ExportDownload {
  fileName: string;
  /** As recorded when the ZIP was built: the SHA-256 of `zip`. */
  sha256: string;
  zip: Buffer;
}

/** One export's ZIP, byte for byte as built; undefined when the id is not one of this Ente's exports. */
export async function downloadConservazioneExport(db: Database, enteId: string, exportId: string): Promise<ExportDownload | undefined> {
  if (!isUuid(exportId)) return undefined;
  const [row] = await db
    .select({ fileName: conservazioneExports.fileName, sha256: conservazioneExports.sha256, zip: conservazioneExports.zip })
    .from(conservazioneExports)
    .where(and(eq(conservazioneExports.id, exportId), eq(conservazioneExports.enteId, enteId)));
  return row;
}

/** The newest export of an Italian day (`YYYY-MM-DD`); undefined when that day has none. */
export async function downloadConservazioneExportOfDay(db: Database, enteId: string, day: string): Promise<ExportDownload | undefined> {
  if (!exportDaySchema.safeParse(day).success) return undefined;
  const [row] = await db
    .select({ fileName: conservazioneExports.fileName, sha256: conservazioneExports.sha256, zip: conservazioneExports.zip })
    .from(conservazioneExports)
    .where(and(eq(conservazioneExports.enteId, enteId), eq(conservazioneExports.day, day)))
    .orderBy(desc(conservazioneExports.createdAt), desc(conservazioneExports.id))
    .limit(1);
  return row;
}

export interface CitConservazioneLine {
  enteId: string;
  name: string;
  slug: string;
  adhesionStatus: string;
  conservatore: 'none' | 'parer' | 'export';
  enabled: boolean;
  configError: { code: string; message: string; at: Date } | null;
  lastRunFinishedAt: Date | null;
  lastPreservedAt: Date | null;
  lastExportDay: string | null;
  rejected: number;
  /** Failed receipts out of automatic attempts: they wait for a «riprova». */
  stuck: number;
  backlog: number;
  /** Configured, on, no configuration error, nothing rejected or stuck, and a run finished in the last two days. */
  working: boolean;
}

/** Two days: a daily job that has not finished a run for longer is not working. */
const WORKING_WINDOW_MS = 2 * 24 * 3_600_000;

/**
 * The CIT's overview across Enti (all but ceased), by name: who has conservazione configured and whether
 * it works. Per Ente, lateral subqueries on its own indexes: the receipts still to hand over or to review
 * (conservazione_receipts_ente_state_seq_idx, never the preserved ones), the highest enrolled sequence
 * (conservazione_receipts_ente_seq_key), the newest export.
 */
export async function conservazioneCitOverview(db: Database, now = new Date()): Promise<CitConservazioneLine[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select e.id as "enteId", e.name, e.slug, e.adhesion_status as "adhesionStatus",
        coalesce(c.conservatore::text, 'none') as conservatore, coalesce(c.enabled, false) as enabled,
        c.config_error as "configError", c.last_run_finished_at as "lastRunFinishedAt", c.last_preserved_at as "lastPreservedAt",
        x.day as "lastExportDay",
        s.rejected, s.stuck, s.pending, m.enrolled_max as "enrolledMax", coalesce(h.last_seq, 0) as "lastSeq"
      from enti e
      left join conservazione_configs c on c.ente_id = e.id
      left join receipt_chain_heads h on h.ente_id = e.id
      cross join lateral (
        select count(*) filter (where ${eq(conservazioneReceipts.state, 'rejected')}) as rejected,
          count(*) filter (where ${toReviewCondition} and ${eq(conservazioneReceipts.state, 'failed')}) as stuck,
          count(*) filter (where ${inArray(conservazioneReceipts.state, ['pending', 'sent', 'failed'])}) as pending
        from ${conservazioneReceipts}
        where ${conservazioneReceipts.enteId} = e.id and ${inArray(conservazioneReceipts.state, ['rejected', 'pending', 'sent', 'failed'])}) s
      cross join lateral (
        select max(${conservazioneReceipts.receiptSeq}) as enrolled_max from ${conservazioneReceipts}
        where ${conservazioneReceipts.enteId} = e.id) m
      left join lateral (
        select to_char(max(day), 'YYYY-MM-DD') as day from conservazione_exports where ente_id = e.id) x on true
      where e.adhesion_status <> 'cessato'
      order by e.name, e.id`),
  );
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string | Date));
  return rows.map((r) => {
    const configError = r.configError as { code: string; message: string; at: string } | null;
    const backlog = Number(r.pending) + Math.max(0, Number(r.lastSeq) - Number(r.enrolledMax ?? 0));
    const line: CitConservazioneLine = {
      enteId: String(r.enteId),
      name: String(r.name),
      slug: String(r.slug),
      adhesionStatus: String(r.adhesionStatus),
      conservatore: r.conservatore as CitConservazioneLine['conservatore'],
      enabled: r.enabled === true,
      configError: configError ? { ...configError, at: new Date(configError.at) } : null,
      lastRunFinishedAt: date(r.lastRunFinishedAt),
      lastPreservedAt: date(r.lastPreservedAt),
      lastExportDay: r.lastExportDay === null ? null : String(r.lastExportDay),
      rejected: Number(r.rejected),
      stuck: Number(r.stuck),
      backlog,
      working: false,
    };
    line.working =
      line.conservatore !== 'none' &&
      line.enabled &&
      !line.configError &&
      line.rejected === 0 &&
      line.stuck === 0 &&
      line.lastRunFinishedAt !== null &&
      now.getTime() - line.lastRunFinishedAt.getTime() < WORKING_WINDOW_MS;
    return line;
  });
}
