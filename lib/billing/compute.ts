import { computeFees, describeFees, FeeInputError, type FeeEnte } from '@/lib/fees';

/*
 * The yearly CIT billing of one Ente, pure. The rules, printed on /cit/quote/<anno> as well:
 * - an Ente is billed for a year if it was `attivo` at some time in it (its adhesion events say when);
 * - the activation fee only in the year of its first activation (a reactivation after a suspension is free);
 * - maintenance pro rata by the days it was `attivo` (the day of activation counts, the day it left does not),
 *   or the whole yearly fee for any day active: the CIT chooses; pro rata is the default;
 * - days are calendar days in Italian time; pro rata cents are rounded half up.
 */

export type BillingMethod = 'pro_rata' | 'whole_year';
export const DEFAULT_BILLING_METHOD: BillingMethod = 'pro_rata';

export const BILLING_METHOD_LABELS: Record<BillingMethod, string> = {
  pro_rata: 'In proporzione ai giorni di attività',
  whole_year: 'Canone intero per ogni anno di attività',
};

/** A change of adhesion state, as adhesion_events records it. */
export interface StateChange {
  toStatus: string;
  at: Date;
}

/** The Ente as billing needs it: who it is and what decides its fees today. */
export interface BillableEnte {
  id: string;
  name: string;
  slug: string;
  fiscalCode: string;
  kind: FeeEnte['kind'];
  population: number | null;
  parentName: string | null;
  parentKind: FeeEnte['parentKind'] | null;
  /** The multi-ente condition as it applies to this Ente (for a Comune: its Unione/CM shares the referente). */
  sharedReferente: boolean;
}

/** One Ente's line of a year's billing: what is frozen in billing_statements.details when the year is approved. */
export interface BillingLine {
  enteId: string;
  name: string;
  slug: string;
  fiscalCode: string;
  kind: FeeEnte['kind'];
  population: number | null;
  parentName: string | null;
  band: string;
  condition: string;
  /** Italian date (YYYY-MM-DD) of the first activation ever. */
  firstActivation: string;
  activeDays: number;
  daysInYear: number;
  /** The fees without the multi-ente condition, to show the discount. */
  ordinaryActivationCents: number;
  ordinaryYearlyCents: number;
  yearlyCents: number;
  activationCents: number;
  maintenanceCents: number;
  totalCents: number;
}

/** An Ente active in the year whose fees cannot be computed (e.g. a Comune without population): fix the data first. */
export interface UnbillableLine {
  enteId: string;
  name: string;
  slug: string;
  error: string;
}

const DAY_MS = 86_400_000;
const italianDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Italian time, as days since 1970-01-01. */
function dayNumber(at: Date): number {
  const [y, m, d] = italianDate.format(at).split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
const yearStart = (year: number) => Date.UTC(year, 0, 1) / DAY_MS;

/** The year of an instant in Italian time. */
export function italianYear(at: Date): number {
  return Number(italianDate.format(at).slice(0, 4));
}

export function daysInYear(year: number): number {
  return yearStart(year + 1) - yearStart(year);
}

/** The day intervals [from, to) during which the Ente was `attivo`; an open one ends at null. */
export function activeIntervals(changes: readonly StateChange[]): { from: number; to: number | null }[] {
  const intervals: { from: number; to: number | null }[] = [];
  for (const change of [...changes].sort((a, b) => a.at.getTime() - b.at.getTime())) {
    const open = intervals.at(-1)?.to === null ? intervals.at(-1) : undefined;
    if (change.toStatus === 'attivo' && !open) intervals.push({ from: dayNumber(change.at), to: null });
    else if (change.toStatus !== 'attivo' && open) open.to = dayNumber(change.at);
  }
  return intervals;
}

/** Days of `year` the Ente was `attivo`, and the day of its first activation ever (null: never active). */
export function activityIn(year: number, changes: readonly StateChange[]): { activeDays: number; firstActivation: number | null } {
  const intervals = activeIntervals(changes);
  const start = yearStart(year);
  const end = yearStart(year + 1);
  const activeDays = intervals.reduce((sum, i) => sum + Math.max(0, Math.min(i.to ?? end, end) - Math.max(i.from, start)), 0);
  return { activeDays, firstActivation: intervals[0]?.from ?? null };
}

/** What computeFees needs of an Ente. */
export function feeInputOf(ente: BillableEnte): FeeEnte {
  return {
    kind: ente.kind,
    population: ente.population ?? undefined,
    sharedReferente: ente.sharedReferente,
    parentKind: ente.parentKind ?? undefined,
  };
}

/**
 * The Ente's line for `year`, or null when it owes nothing that year (not active in it, activation
 * elsewhere). Fee data that make no sense give an UnbillableLine instead of a guess.
 */
export function billingLine(
  ente: BillableEnte,
  changes: readonly StateChange[],
  year: number,
  method: BillingMethod,
): BillingLine | UnbillableLine | null {
  const { activeDays, firstActivation } = activityIn(year, changes);
  if (firstActivation === null) return null;
  const activatedThisYear = firstActivation >= yearStart(year) && firstActivation < yearStart(year + 1);
  if (activeDays === 0 && !activatedThisYear) return null;

  const feeEnte = feeInputOf(ente);
  let fees, ordinary, described;
  try {
    fees = computeFees(feeEnte);
    ordinary = computeFees({ ...feeEnte, sharedReferente: false });
    described = describeFees(feeEnte);
  } catch (error) {
    if (error instanceof FeeInputError) return { enteId: ente.id, name: ente.name, slug: ente.slug, error: error.message };
    throw error;
  }
  const total = daysInYear(year);
  const activationCents = activatedThisYear ? fees.activationCents : 0;
  const maintenanceCents =
    method === 'whole_year' ? (activeDays > 0 ? fees.yearlyCents : 0) : Math.round((fees.yearlyCents * activeDays) / total);
  return {
    enteId: ente.id,
    name: ente.name,
    slug: ente.slug,
    fiscalCode: ente.fiscalCode,
    kind: ente.kind,
    population: ente.population,
    parentName: ente.parentName,
    band: described.band,
    condition: described.condition,
    firstActivation: isoOfDay(firstActivation),
    activeDays,
    daysInYear: total,
    ordinaryActivationCents: ordinary.activationCents,
    ordinaryYearlyCents: ordinary.yearlyCents,
    yearlyCents: fees.yearlyCents,
    activationCents,
    maintenanceCents,
    totalCents: activationCents + maintenanceCents,
  };
}

export function isUnbillable(line: BillingLine | UnbillableLine): line is UnbillableLine {
  return 'error' in line;
}

export function billingTotals(lines: readonly BillingLine[]): { activationCents: number; maintenanceCents: number; totalCents: number } {
  return lines.reduce(
    (sum, line) => ({
      activationCents: sum.activationCents + line.activationCents,
      maintenanceCents: sum.maintenanceCents + line.maintenanceCents,
      totalCents: sum.totalCents + line.totalCents,
    }),
    { activationCents: 0, maintenanceCents: 0, totalCents: 0 },
  );
}
