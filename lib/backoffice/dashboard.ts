import { and, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { anomalies, cartItems, carts, conservazioneConfigs, jobs, positions, receipts } from '@/db/schema';
import { conservazioneToReview } from '@/lib/conservazione/alerts';
import { italianDay } from '@/lib/format/date';
import type { PositionStatus } from '@/lib/positions/lifecycle';
import { positionsInScope, type StaffScope } from '@/lib/positions/staff-scope';

export const CHART_DAYS = 90;

export interface DashboardFigures {
  collectedCents: { today: number; month: number; year: number };
  positionsByStatus: Record<PositionStatus, number>;
  /** Carts that reached the PSP in the last 90 days, and how many of them ended paid. */
  carts: { started: number; paid: number };
  pendingRegistrations: number;
  /** Only for staff who see the whole Ente: anomalies and jobs are not tied to one service. */
  unresolvedAnomalies?: number;
  deadJobs?: number;
  /** Receipts the conservatore refused (or that ran out of attempts), and whether a configuration refusal stopped the job. */
  conservazione?: { toReview: number; stopped: boolean };
  /** One entry per Italian calendar day, oldest first, the last being today. */
  paymentsPerDay: { day: string; count: number; amountCents: number }[];
}

const ROME = 'Europe/Rome';

/** The start of today, this month or this year in Italy, as an instant. */
const startOf = (unit: 'day' | 'month' | 'year', now: Date) =>
  sql`(date_trunc(${unit}, ${now.toISOString()}::timestamptz at time zone ${ROME}) at time zone ${ROME})`;

/**
 * The figures of the back office's home page for one Ente, limited to an operator's services when they
 * are limited: money from receipts (what the PSPs confirmed, not what was asked), days in Italian time.
 */
export async function dashboardFigures(db: Database, enteId: string, scope: StaffScope, now = new Date()): Promise<DashboardFigures> {
  const inScope = positionsInScope(enteId, scope);
  // Every receipt is money collected, flagged ones too; one of an unknown notice has no position, hence
  // no service, and counts for unrestricted staff only.
  const paidInScope = scope.serviceIds === null ? eq(receipts.enteId, enteId) : and(eq(receipts.enteId, enteId), inScope);
  const firstDay = italianDay(now, CHART_DAYS - 1);
  const [collected, byStatus, cartCounts, pending, perDay] = await Promise.all([
    db
      .select({
        today: sql<string>`coalesce(sum(${receipts.amountCents}) filter (where ${receipts.paymentDateTime} >= ${startOf('day', now)}), 0)`,
        month: sql<string>`coalesce(sum(${receipts.amountCents}) filter (where ${receipts.paymentDateTime} >= ${startOf('month', now)}), 0)`,
        year: sql<string>`coalesce(sum(${receipts.amountCents}), 0)`,
      })
      .from(receipts)
      .leftJoin(positions, eq(positions.id, receipts.positionId))
      .where(and(paidInScope, sql`${receipts.paymentDateTime} >= ${startOf('year', now)}`)),
    db
      .select({ status: positions.status, count: sql<string>`count(*)` })
      .from(positions)
      .where(inScope)
      .groupBy(positions.status),
    db
      .select({ started: sql<string>`count(*)`, paid: sql<string>`count(*) filter (where ${carts.status} = 'paid')` })
      .from(carts)
      .where(
        and(
          eq(carts.enteId, enteId),
          isNotNull(carts.startedAt),
          gte(carts.startedAt, new Date(now.getTime() - CHART_DAYS * 86_400_000)),
          scope.serviceIds === null
            ? undefined
            : sql`exists (select 1 from ${cartItems} join ${positions} on ${positions.id} = ${cartItems.positionId} where ${cartItems.cartId} = ${carts.id} and ${inScope})`,
        ),
      ),
    db
      .select({ count: sql<string>`count(*)` })
      .from(positions)
      .where(and(inScope, eq(positions.registrationStatus, 'pending'))),
    db
      .select({
        day: sql<string>`to_char(${receipts.paymentDateTime} at time zone ${ROME}, 'YYYY-MM-DD')`,
        count: sql<string>`count(*)`,
        amountCents: sql<string>`sum(${receipts.amountCents})`,
      })
      .from(receipts)
      .leftJoin(positions, eq(positions.id, receipts.positionId))
      .where(and(paidInScope, sql`${receipts.paymentDateTime} >= (${firstDay}::date::timestamp at time zone ${ROME})`))
      .groupBy(sql`1`),
  ]);

  const days = new Map(perDay.map((d) => [d.day, d]));
  const whole = scope.serviceIds === null;
  const [anomalyCount, deadCount, toReview, conservazioneConfig] = whole
    ? await Promise.all([
        db
          .select({ count: sql<string>`count(*)` })
          .from(anomalies)
          .where(and(eq(anomalies.enteId, enteId), isNull(anomalies.resolvedAt))),
        db
          .select({ count: sql<string>`count(*)` })
          .from(jobs)
          .where(and(isNotNull(jobs.deadAt), sql`${jobs.payload}->>'enteId' = ${enteId}`)),
        conservazioneToReview(db, enteId),
        db.select({ error: conservazioneConfigs.configError }).from(conservazioneConfigs).where(eq(conservazioneConfigs.enteId, enteId)),
      ])
    : [undefined, undefined, undefined, undefined];
  const statusCount = (s: PositionStatus) => Number(byStatus.find((r) => r.status === s)?.count ?? 0);
  return {
    collectedCents: {
      today: Number(collected[0]?.today ?? 0),
      month: Number(collected[0]?.month ?? 0),
      year: Number(collected[0]?.year ?? 0),
    },
    positionsByStatus: {
      valid: statusCount('valid'),
      paid: statusCount('paid'),
      expired: statusCount('expired'),
      cancelled: statusCount('cancelled'),
    },
    carts: { started: Number(cartCounts[0]?.started ?? 0), paid: Number(cartCounts[0]?.paid ?? 0) },
    pendingRegistrations: Number(pending[0]?.count ?? 0),
    unresolvedAnomalies: anomalyCount && Number(anomalyCount[0]?.count ?? 0),
    deadJobs: deadCount && Number(deadCount[0]?.count ?? 0),
    conservazione: toReview === undefined ? undefined : { toReview, stopped: Boolean(conservazioneConfig?.[0]?.error) },
    paymentsPerDay: Array.from({ length: CHART_DAYS }, (_, i) => {
      const day = italianDay(now, CHART_DAYS - 1 - i);
      const found = days.get(day);
      return { day, count: Number(found?.count ?? 0), amountCents: Number(found?.amountCents ?? 0) };
    }),
  };
}
