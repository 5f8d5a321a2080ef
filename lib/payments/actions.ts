'use server';

import { getDb } from '@/db';
import { buildPaymentFormSchema, computeAmountCents, renderCausale, type PaymentFormValues } from '@/lib/catalogue/service-form';
import { findActiveService } from '@/lib/catalogue/queries';
import { logger } from '@/lib/logger';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { createPosition, findPosition } from '@/lib/positions/create';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { CheckoutError, startCheckout } from './checkout';

export type PaymentActionResult =
  | { ok: true; redirectUrl: string }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/*
 * These actions answer with the checkout URL instead of redirecting: the browser goes there itself
 * (see lib/auth/actions.ts for why server-action redirects do not suit subdomains).
 */

/** A citizen pays a catalogue service: validate with the service's own schema, create the position, start checkout. */
export async function payService(slug: string, code: string, values: PaymentFormValues): Promise<PaymentActionResult> {
  const ente = await requireEnte(slug);
  const db = await getDb();
  const service = await findActiveService(db, ente.id, code);
  if (!service) return { ok: false, error: 'Questo servizio non è più pagabile online.' };

  const parsed = buildPaymentFormSchema(service).safeParse(values);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[issue.path.join('.')] ??= issue.message;
    return { ok: false, error: 'Alcuni dati non sono corretti: controlla i campi segnalati.', fieldErrors };
  }
  const data = parsed.data;
  const fields = data.fields as Record<string, string | undefined>;
  const position = await createPosition(db, ente, {
    serviceId: service.id,
    debtor: data.debtorFiscalCode
      ? { type: data.debtorFiscalCode.length === 11 ? 'G' : 'F', fiscalCode: data.debtorFiscalCode, fullName: data.debtorName, email: data.debtorEmail || undefined }
      : null,
    causale: renderCausale(service.causaleTemplate, service.formDefinition, fields),
    amountCents: computeAmountCents(service.amountRule, data),
    dueDate: null,
    taxonomyCode: service.taxonomyCode,
    iban: service.ibanOverride ?? ente.iban ?? '',
    formData: fields,
  });
  return checkoutFor(ente, [position.id], data.debtorEmail || undefined, position.noticeNumber);
}

/** Pays positions that already exist (a printed avviso, a retry after a cancelled checkout). */
export async function payPositions(slug: string, positionIds: string[]): Promise<PaymentActionResult> {
  const ente = await requireEnte(slug);
  const db = await getDb();
  const first = positionIds[0] ? await findPosition(db, ente.id, positionIds[0]) : undefined;
  return checkoutFor(ente, positionIds, first?.debtorEmail ?? undefined, first?.noticeNumber);
}

async function checkoutFor(
  ente: Awaited<ReturnType<typeof requireEnte>>,
  positionIds: string[],
  email: string | undefined,
  noticeNumber: string | undefined,
): Promise<PaymentActionResult> {
  const db = await getDb();
  try {
    const { redirectUrl } = await startCheckout(db, ente, positionIds, defaultPartnerResolver(db), email);
    return { ok: true, redirectUrl };
  } catch (error) {
    if (error instanceof CheckoutError) {
      const saved = error.retryable && noticeNumber ? ` Il codice avviso è ${formatNoticeNumber(noticeNumber)}: annotalo per pagare da «Paga un avviso».` : '';
      return { ok: false, error: `${error.message}${saved}` };
    }
    logger.error({ err: error instanceof Error ? error.message : String(error), ente: ente.slug }, 'avvio pagamento non riuscito');
    return { ok: false, error: 'Non è stato possibile avviare il pagamento. Riprova tra qualche minuto.' };
  }
}
