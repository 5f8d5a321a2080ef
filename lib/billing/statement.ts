import type { Database } from '@/db';
import { findProviderProfile } from '@/lib/provider/profile';
import { identityOf } from '@/lib/provider/current';
import type { BillingMethod } from './compute';
import { billingReport } from './queries';
import { renderStatementPdf } from './statement-pdf';

/**
 * One Ente's statement for a year as a PDF on the provider's letterhead: the frozen statement of an approved
 * year, otherwise a draft computed now with `method`. Undefined when the Ente owes nothing that year.
 */
export async function billingStatementPdf(
  db: Database,
  input: { year: number; enteId: string; method: BillingMethod },
  now = new Date(),
): Promise<{ pdf: Buffer; filename: string } | undefined> {
  const report = await billingReport(db, input.year, input.method);
  const line = report.lines.find((l) => l.enteId === input.enteId);
  if (!line) return undefined;
  const profile = await findProviderProfile(db);
  const identity = identityOf(profile);
  const pdf = await renderStatementPdf({
    letterhead: {
      name: identity.name,
      serviceCentreName: identity.serviceCentreName,
      fiscalCode: profile?.fiscalCode ?? null,
      address: profile?.address ?? null,
      email: identity.email,
      pec: profile?.pec ?? null,
      phone: identity.phone,
    },
    year: input.year,
    method: report.method,
    line,
    approvedAt: report.approval?.at ?? null,
    computedAt: now,
  });
  return { pdf, filename: `quote-cit-${input.year}-${line.slug}.pdf` };
}
