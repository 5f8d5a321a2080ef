import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Database } from '@/db';
import { adhesionEvents, billingStatements, billingYears, enti, users, type Ente } from '@/db/schema';
import { computeFees, describeFees, FeeInputError, type Fees } from '@/lib/fees';
import {
  billingLine,
  billingTotals,
  feeInputOf,
  isUnbillable,
  italianYear,
  type BillableEnte,
  type BillingLine,
  type BillingMethod,
  type StateChange,
  type UnbillableLine,
} from './compute';

export interface BillingReport {
  year: number;
  method: BillingMethod;
  /** Set once a CIT admin approved the year: the lines are then the frozen statements. */
  approval: { at: Date; by: string | null } | null;
  lines: BillingLine[];
  unbillable: UnbillableLine[];
  /** Enti `attivo` today with no activation in their adhesion history: they cannot be billed until it is recorded. */
  withoutHistory: { name: string; slug: string }[];
  totals: { activationCents: number; maintenanceCents: number; totalCents: number };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'it');

/** Every Ente with what its fees depend on today; a Comune's multi-ente condition is its Unione's or CM's choice. */
export async function loadBillableEnti(
  db: Database,
): Promise<(BillableEnte & { adhesionStatus: Ente['adhesionStatus']; ownSharedReferente: boolean; parentId: string | null })[]> {
  const parent = alias(enti, 'parent');
  const rows = await db
    .select({
      id: enti.id,
      name: enti.name,
      slug: enti.slug,
      fiscalCode: enti.fiscalCode,
      kind: enti.kind,
      population: enti.population2013,
      adhesionStatus: enti.adhesionStatus,
      ownSharedReferente: enti.sharedReferente,
      parentId: enti.parentId,
      parentName: parent.name,
      parentKind: parent.kind,
      parentSharedReferente: parent.sharedReferente,
    })
    .from(enti)
    .leftJoin(parent, eq(parent.id, enti.parentId))
    .orderBy(asc(enti.name), asc(enti.id));
  return rows.map(({ parentSharedReferente, parentKind, ...row }) => ({
    ...row,
    parentKind: parentKind === 'unione' || parentKind === 'comunita_montana' ? parentKind : null,
    sharedReferente: row.kind === 'comune' ? (parentSharedReferente ?? false) : row.ownSharedReferente,
  }));
}

async function stateChangesByEnte(db: Database): Promise<Map<string, StateChange[]>> {
  const rows = await db
    .select({ enteId: adhesionEvents.enteId, toStatus: adhesionEvents.toStatus, at: adhesionEvents.createdAt })
    .from(adhesionEvents)
    .orderBy(asc(adhesionEvents.createdAt), asc(adhesionEvents.id));
  const byEnte = new Map<string, StateChange[]>();
  for (const row of rows) byEnte.set(row.enteId, [...(byEnte.get(row.enteId) ?? []), row]);
  return byEnte;
}

/** The year's billing computed from today's data (what approval would freeze). */
export async function computeBillingYear(
  db: Database,
  year: number,
  method: BillingMethod,
): Promise<Pick<BillingReport, 'lines' | 'unbillable' | 'withoutHistory'>> {
  const [entiRows, changes] = await Promise.all([loadBillableEnti(db), stateChangesByEnte(db)]);
  const lines: BillingLine[] = [];
  const unbillable: UnbillableLine[] = [];
  const withoutHistory: { name: string; slug: string }[] = [];
  for (const ente of entiRows) {
    const history = changes.get(ente.id) ?? [];
    if (ente.adhesionStatus === 'attivo' && !history.some((c) => c.toStatus === 'attivo')) {
      withoutHistory.push({ name: ente.name, slug: ente.slug });
    }
    const line = billingLine(ente, history, year, method);
    if (line && isUnbillable(line)) unbillable.push(line);
    else if (line) lines.push(line);
  }
  return { lines: lines.sort(byName), unbillable, withoutHistory };
}

/** The approval of a year, if any. */
export async function findBillingYear(db: Database, year: number) {
  const [row] = await db
    .select({ method: billingYears.method, at: billingYears.approvedAt, by: users.fullName })
    .from(billingYears)
    .leftJoin(users, eq(users.id, billingYears.approvedBy))
    .where(eq(billingYears.year, year));
  return row;
}

/**
 * A year's billing: the frozen statements once approved (later changes to an Ente do not touch them),
 * otherwise computed now with `method`.
 */
export async function billingReport(db: Database, year: number, method: BillingMethod): Promise<BillingReport> {
  const approved = await findBillingYear(db, year);
  if (approved) {
    const rows = await db.select({ details: billingStatements.details }).from(billingStatements).where(eq(billingStatements.year, year));
    const lines = rows.map((r) => r.details as unknown as BillingLine).sort(byName);
    return {
      year,
      method: approved.method,
      approval: { at: approved.at, by: approved.by },
      lines,
      unbillable: [],
      withoutHistory: [],
      totals: billingTotals(lines),
    };
  }
  const computed = await computeBillingYear(db, year, method);
  return { year, method, approval: null, ...computed, totals: billingTotals(computed.lines) };
}

/** The years a report can be asked for: from the first recorded adhesion event to this one, and any approved. */
export async function billingYearRange(db: Database, now = new Date()): Promise<number[]> {
  const current = italianYear(now);
  const [first] = await db.select({ at: adhesionEvents.createdAt }).from(adhesionEvents).orderBy(asc(adhesionEvents.createdAt)).limit(1);
  const approved = await db.select({ year: billingYears.year }).from(billingYears);
  const from = Math.min(first ? italianYear(first.at) : current, ...approved.map((a) => a.year));
  return Array.from({ length: current - from + 1 }, (_, i) => current - i);
}

export type EnteFees = Awaited<ReturnType<typeof loadBillableEnti>>[number] &
  (
    | { fees: Fees; band: string; condition: string; error?: undefined }
    | { fees?: undefined; band?: undefined; condition?: undefined; error: string }
  );

/** Every Ente's fees as they stand today (the /cit/quote table); data that make no sense give the reason instead. */
export async function currentFees(db: Database): Promise<EnteFees[]> {
  return (await loadBillableEnti(db)).map((ente) => {
    const input = feeInputOf(ente);
    try {
      return { ...ente, fees: computeFees(input), ...describeFees(input) };
    } catch (error) {
      if (error instanceof FeeInputError) return { ...ente, error: error.message };
      throw error;
    }
  });
}
