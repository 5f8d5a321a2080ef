import type { Database } from '@/db';
import { auditLog, billingStatements, billingYears } from '@/db/schema';
import { formatEuro } from '@/lib/format/money';
import { billingTotals, italianYear, type BillingMethod } from './compute';
import { computeBillingYear } from './queries';

/** A refusal found inside the transaction: thrown to roll it back, answered as the outcome. */
class Refused extends Error {}

export type ApprovalOutcome = { ok: true; statements: number; totalCents: number } | { ok: false; reason: string };

/**
 * A CIT admin approves a concluded year: its billing is computed once more and frozen into billing_years
 * and billing_statements, in one transaction. A second approval is refused (the year's primary key decides
 * between two admins clicking at once); so is a year with an Ente whose fees cannot be computed.
 */
export async function approveBillingYear(
  db: Database,
  input: { year: number; method: BillingMethod },
  actor: { userId: string; address: string },
  now = new Date(),
): Promise<ApprovalOutcome> {
  if (input.year >= italianYear(now)) {
    return { ok: false, reason: `Il ${input.year} non è ancora concluso: si approva dal 1° gennaio successivo.` };
  }
  try {
    return await db.transaction(async (tx) => approveIn(tx, input, actor, now));
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.message };
    throw error;
  }
}

async function approveIn(
  tx: Database,
  input: { year: number; method: BillingMethod },
  actor: { userId: string; address: string },
  now: Date,
): Promise<ApprovalOutcome> {
  const [created] = await tx
    .insert(billingYears)
    .values({ year: input.year, method: input.method, approvedAt: now, approvedBy: actor.userId })
    .onConflictDoNothing()
    .returning({ year: billingYears.year });
  if (!created) throw new Refused(`La fatturazione del ${input.year} è già stata approvata e non si può modificare.`);
  const { lines, unbillable } = await computeBillingYear(tx, input.year, input.method);
  if (unbillable.length > 0) {
    throw new Refused(
      `Quote non calcolabili per ${unbillable.map((u) => `${u.name} (${u.error})`).join('; ')}: correggi i dati e riprova.`,
    );
  }
  if (lines.length === 0) throw new Refused(`Nessun Ente era attivo nel ${input.year}: non c'è nulla da approvare.`);
  await tx.insert(billingStatements).values(
    lines.map((line) => ({
      year: input.year,
      enteId: line.enteId,
      activationCents: line.activationCents,
      maintenanceCents: line.maintenanceCents,
      totalCents: line.totalCents,
      details: { ...line },
    })),
  );
  const totals = billingTotals(lines);
  await tx.insert(auditLog).values({
    enteId: null,
    actorUserId: actor.userId,
    action: 'fatturazione_approvata',
    targetType: 'billing_year',
    targetId: String(input.year),
    details: { method: input.method, statements: lines.length, ...totals, total: formatEuro(totals.totalCents) },
    ip: actor.address.slice(0, 45),
  });
  return { ok: true, statements: lines.length, totalCents: totals.totalCents };
}
