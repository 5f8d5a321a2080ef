import { and, count, desc, eq, isNotNull, isNull, lt, ne, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import {
  conservazioneConfigs,
  conservazioneReceipts,
  enti,
  jobs,
  partnerInbox,
  positions,
  publicQuestions,
  supportRequests,
} from '@/db/schema';
import { toReviewCondition } from '@/lib/conservazione/alerts';
import { countDeadJobs, listDeadJobs, type DeadJob } from '@/lib/jobs/queries';
import { rowsOf } from '@/lib/jobs/queue';
import { italianDay } from '@/lib/format/date';
import { daysOf, type Period } from './monitoring-period';

/*
 * The CIT's view across Enti. Money comes from receipts (what the PSPs confirmed); days are Italian days.
 * Each per-Ente figure is a lateral subquery on that Ente's own index (receipts_ente_payment_idx,
 * carts_ente_created_idx, partner_inbox_ente_received_idx, anomalies_ente_created_idx), so the cost grows
 * with the Enti and the period's rows, not with the whole tables. Pending registrations and dead jobs are
 * read once through their partial indexes (few rows by nature) and grouped by Ente.
 */

const ROME = 'Europe/Rome';

/** A position still unknown to its partner this long after creation is stuck, not merely queued. */
export const STUCK_AFTER_MS = 60 * 60 * 1000;

export interface EnteFigures {
  enteId: string;
  name: string;
  adhesionStatus: (typeof enti.$inferSelect)['adhesionStatus'];
  /** In the period. */
  payments: number;
  amountCents: number;
  /** Carts created in the period that reached a PSP, and those of them paid. */
  cartsStarted: number;
  cartsPaid: number;
  /** Now, whatever the period. */
  pendingRegistrations: number;
  /** Pending positions whose last attempt the partner refused or did not answer: the partner's errors. */
  partnerErrors: number;
  deadJobs: number;
  openAnomalies: number;
  /** In the period. */
  rejectedCallbacks: number;
  /** Now: receipts the conservatore refused or that ran out of attempts (lib/conservazione/alerts.ts). */
  conservazioneToReview: number;
}

/** `[start, end)` of a period as instants. */
const bounds = (period: Period) => ({
  start: sql`(${period.from}::date::timestamp at time zone ${ROME})`,
  end: sql`((${period.to}::date + 1)::timestamp at time zone ${ROME})`,
});

/** Success rate of payments started at a PSP, as a whole percentage; null when none started. */
export function successRate(figures: Pick<EnteFigures, 'cartsStarted' | 'cartsPaid'>): number | null {
  return figures.cartsStarted === 0 ? null : Math.round((figures.cartsPaid / figures.cartsStarted) * 100);
}

/** The monitoring table: one row per Ente (or only `enteId`'s), by name. */
export async function figuresPerEnte(db: Database, period: Period, enteId?: string): Promise<EnteFigures[]> {
  const { start, end } = bounds(period);
  const rows = rowsOf<Record<string, string | number | null>>(
    await db.execute(sql`
      with pending as (
        select ente_id, count(*) as pending, count(*) filter (where registration_error is not null) as failed
        from positions where registration_status = 'pending' group by ente_id
      ), dead as (
        select payload->>'enteId' as ente_id, count(*) as dead from jobs where dead_at is not null group by 1
      )
      select e.id as "enteId", e.name, e.adhesion_status as "adhesionStatus",
        pay.n as "payments", pay.amount as "amountCents", c.started as "cartsStarted", c.paid as "cartsPaid",
        coalesce(p.pending, 0) as "pendingRegistrations", coalesce(p.failed, 0) as "partnerErrors",
        coalesce(d.dead, 0) as "deadJobs", an.n as "openAnomalies", rej.n as "rejectedCallbacks",
        cons.n as "conservazioneToReview"
      from enti e
      cross join lateral (
        select count(*) as n, coalesce(sum(r.amount_cents), 0) as amount from receipts r
        where r.ente_id = e.id and r.payment_date_time >= ${start} and r.payment_date_time < ${end}) pay
      cross join lateral (
        select count(*) filter (where k.started_at is not null) as started, count(*) filter (where k.status = 'paid') as paid
        from carts k where k.ente_id = e.id and k.created_at >= ${start} and k.created_at < ${end}) c
      cross join lateral (
        select count(*) as n from anomalies a where a.ente_id = e.id and a.resolved_at is null) an
      cross join lateral (
        select count(*) as n from partner_inbox i
        where i.ente_id = e.id and i.received_at >= ${start} and i.received_at < ${end} and i.outcome = 'rejected') rej
      cross join lateral (
        select count(*) as n from ${conservazioneReceipts}
        where ${conservazioneReceipts.enteId} = e.id and ${conservazioneReceipts.state} in ('rejected', 'failed') and ${toReviewCondition}) cons
      left join pending p on p.ente_id = e.id
      left join dead d on d.ente_id = e.id::text
      where ${enteId ? sql`e.id = ${enteId}` : sql`true`}
      order by e.name, e.id`),
  );
  return rows.map((r) => ({
    enteId: String(r.enteId),
    name: String(r.name),
    adhesionStatus: r.adhesionStatus as EnteFigures['adhesionStatus'],
    payments: Number(r.payments),
    amountCents: Number(r.amountCents),
    cartsStarted: Number(r.cartsStarted),
    cartsPaid: Number(r.cartsPaid),
    pendingRegistrations: Number(r.pendingRegistrations),
    partnerErrors: Number(r.partnerErrors),
    deadJobs: Number(r.deadJobs),
    openAnomalies: Number(r.openAnomalies),
    rejectedCallbacks: Number(r.rejectedCallbacks),
    conservazioneToReview: Number(r.conservazioneToReview),
  }));
}

export type FigureTotals = Omit<EnteFigures, 'enteId' | 'name' | 'adhesionStatus'>;

export function totalsOf(rows: EnteFigures[]): FigureTotals {
  const total: FigureTotals = {
    payments: 0,
    amountCents: 0,
    cartsStarted: 0,
    cartsPaid: 0,
    pendingRegistrations: 0,
    partnerErrors: 0,
    deadJobs: 0,
    openAnomalies: 0,
    rejectedCallbacks: 0,
    conservazioneToReview: 0,
  };
  for (const row of rows) for (const key of Object.keys(total) as (keyof FigureTotals)[]) total[key] += row[key];
  return total;
}

export interface DayFigures {
  day: string;
  count: number;
  amountCents: number;
}

/**
 * Payments and amounts per Italian day of the period, every day present (zero when none), for all Enti or
 * one. Grouped inside the lateral subquery, which keeps the planner on each Ente's index range (flattened,
 * it prefers a scan of the whole receipts table).
 */
export async function paymentsPerDay(db: Database, period: Period, enteId?: string): Promise<DayFigures[]> {
  const { start, end } = bounds(period);
  const rows = rowsOf<{ day: string; n: string | number; amount: string | number }>(
    await db.execute(sql`
      select r.day, sum(r.n) as n, sum(r.amount) as amount
      from enti e
      cross join lateral (
        select to_char(x.payment_date_time at time zone ${ROME}, 'YYYY-MM-DD') as day, count(*) as n, sum(x.amount_cents) as amount
        from receipts x
        where x.ente_id = e.id and x.payment_date_time >= ${start} and x.payment_date_time < ${end}
        group by 1) r
      where ${enteId ? sql`e.id = ${enteId}` : sql`true`}
      group by r.day`),
  );
  const found = new Map(rows.map((r) => [r.day, r]));
  return daysOf(period).map((day) => ({ day, count: Number(found.get(day)?.n ?? 0), amountCents: Number(found.get(day)?.amount ?? 0) }));
}

/** Rejected callbacks no Ente could be told from (unsigned or unreadable): they count in the totals only. */
export async function unattributedRejectedCallbacks(db: Database, period: Period): Promise<number> {
  const { start, end } = bounds(period);
  // An Ente-less entry was never verified: partner_inbox_unverified_received_idx covers it.
  const [row] = await db
    .select({ n: count() })
    .from(partnerInbox)
    .where(
      and(
        eq(partnerInbox.verified, false),
        isNull(partnerInbox.enteId),
        eq(partnerInbox.outcome, 'rejected'),
        sql`${partnerInbox.receivedAt} >= ${start} and ${partnerInbox.receivedAt} < ${end}`,
      ),
    );
  return Number(row?.n ?? 0);
}

export interface CitOverview {
  today: { payments: number; amountCents: number };
  month: { payments: number; amountCents: number };
  entiByStatus: Record<EnteFigures['adhesionStatus'], number>;
  attention: {
    stuckRegistrations: number;
    deadJobs: number;
    /** This month, also those no Ente could be told from. */
    rejectedCallbacks: number;
    openAnomalies: number;
    openSupportRequests: number;
    newQuestions: number;
    conservazioneToReview: number;
    /** Enti whose conservazione job a configuration refusal stopped. */
    conservazioneStopped: number;
  };
}

/** The figures of the CIT's home page on `now`'s day. */
export async function citOverview(db: Database, now = new Date()): Promise<CitOverview> {
  const today = italianDay(now);
  const month: Period = { from: `${today.slice(0, 8)}01`, to: today };
  const [days, perEnte, unattributed, byStatus, stuck, dead, support, questions, stopped] = await Promise.all([
    paymentsPerDay(db, month),
    figuresPerEnte(db, month),
    unattributedRejectedCallbacks(db, month),
    db.select({ status: enti.adhesionStatus, n: count() }).from(enti).groupBy(enti.adhesionStatus),
    db
      .select({ n: count() })
      .from(positions)
      .where(and(eq(positions.registrationStatus, 'pending'), lt(positions.createdAt, new Date(now.getTime() - STUCK_AFTER_MS)))),
    countDeadJobs(db),
    db.select({ n: count() }).from(supportRequests).where(ne(supportRequests.status, 'chiusa')),
    db.select({ n: count() }).from(publicQuestions).where(eq(publicQuestions.status, 'nuova')),
    db.select({ n: count() }).from(conservazioneConfigs).where(isNotNull(conservazioneConfigs.configError)),
  ]);
  const totals = totalsOf(perEnte);
  const last = days.at(-1)!;
  const statusCount = (s: EnteFigures['adhesionStatus']) => byStatus.find((r) => r.status === s)?.n ?? 0;
  return {
    today: { payments: last.count, amountCents: last.amountCents },
    month: { payments: totals.payments, amountCents: totals.amountCents },
    entiByStatus: {
      richiesta: statusCount('richiesta'),
      in_attivazione: statusCount('in_attivazione'),
      attivo: statusCount('attivo'),
      sospeso: statusCount('sospeso'),
      cessato: statusCount('cessato'),
    },
    attention: {
      stuckRegistrations: Number(stuck[0]?.n ?? 0),
      deadJobs: dead,
      rejectedCallbacks: totals.rejectedCallbacks + unattributed,
      openAnomalies: totals.openAnomalies,
      openSupportRequests: Number(support[0]?.n ?? 0),
      newQuestions: Number(questions[0]?.n ?? 0),
      conservazioneToReview: totals.conservazioneToReview,
      conservazioneStopped: Number(stopped[0]?.n ?? 0),
    },
  };
}

/** One Ente's name and state, for the detail page's heading (null: no such Ente). */
export async function findMonitoredEnte(db: Database, enteId: string) {
  const [ente] = await db
    .select({ id: enti.id, name: enti.name, slug: enti.slug, adhesionStatus: enti.adhesionStatus, partner: enti.partner })
    .from(enti)
    .where(eq(enti.id, enteId));
  return ente ?? null;
}

/** How many rows each list of the detail page shows. */
export const DETAIL_LIMIT = 20;

export interface PendingPosition {
  id: string;
  noticeNumber: string;
  createdAt: Date;
  registrationAttempts: number;
  registrationError: string | null;
}

/** The Ente's positions still waiting for its partner, oldest first. */
export function pendingPositions(db: Database, enteId: string): Promise<PendingPosition[]> {
  return db
    .select({
      id: positions.id,
      noticeNumber: positions.noticeNumber,
      createdAt: positions.createdAt,
      registrationAttempts: positions.registrationAttempts,
      registrationError: positions.registrationError,
    })
    .from(positions)
    .where(and(eq(positions.registrationStatus, 'pending'), eq(positions.enteId, enteId)))
    .orderBy(positions.createdAt, positions.id)
    .limit(DETAIL_LIMIT);
}

export interface RejectedCallback {
  id: number;
  partner: string;
  receivedAt: Date;
  verified: boolean;
  reason: string | null;
  sourceAddress: string | null;
}

/** The Ente's callbacks rejected in the period, newest first. */
export function rejectedCallbacks(db: Database, enteId: string, period: Period): Promise<RejectedCallback[]> {
  const { start, end } = bounds(period);
  return db
    .select({
      id: partnerInbox.id,
      partner: partnerInbox.partner,
      receivedAt: partnerInbox.receivedAt,
      verified: partnerInbox.verified,
      reason: partnerInbox.verificationError,
      sourceAddress: partnerInbox.sourceAddress,
    })
    .from(partnerInbox)
    .where(
      and(
        eq(partnerInbox.enteId, enteId),
        eq(partnerInbox.outcome, 'rejected'),
        sql`${partnerInbox.receivedAt} >= ${start} and ${partnerInbox.receivedAt} < ${end}`,
      ),
    )
    .orderBy(desc(partnerInbox.receivedAt), desc(partnerInbox.id))
    .limit(DETAIL_LIMIT);
}

/** The Ente's dead jobs (their payload names the Ente, as the registration jobs' do), most recently dead first. */
export async function enteDeadJobs(db: Database, enteId: string): Promise<DeadJob[]> {
  const page = await listDeadJobs(db, { limit: DETAIL_LIMIT, where: sql`${jobs.payload}->>'enteId' = ${enteId}` });
  return page.jobs;
}
