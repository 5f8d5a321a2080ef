'use server';

import { cookies } from 'next/headers';
import { getDb } from '@/db';
import { readConfig } from '@/lib/config';
import { buildPaymentFormSchema, computeAmountCents, renderCausale, type PaymentFormValues } from '@/lib/catalogue/service-form';
import { findActiveService } from '@/lib/catalogue/queries';
import { logger } from '@/lib/logger';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { createPosition } from '@/lib/positions/create';
import { findPosition } from '@/lib/positions/queries';
import { requireEnte } from '@/lib/tenancy/current-ente';
import { addToBasket, basketPositions, findOpenCart, removeFromBasket } from './basket';
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

const CART_COOKIE = 'carrello';

async function basketCookie() {
  return (await cookies()).get(CART_COOKIE)?.value;
}

/** Puts an existing, payable notice in the citizen's basket (at most five, one Ente). */
export async function addToCart(slug: string, positionId: string): Promise<{ ok: true; size: number } | { ok: false; error: string }> {
  const ente = await requireEnte(slug);
  if (!/^[0-9a-f-]{36}$/.test(positionId)) return { ok: false, error: 'Avviso non valido.' };
  const result = await addToBasket(await getDb(), ente, await basketCookie(), positionId);
  if (!result.ok) return result;
  (await cookies()).set(CART_COOKIE, result.cartId, {
    httpOnly: true,
    sameSite: 'lax',
    secure: readConfig().PORTAL_SCHEME === 'https',
    path: '/',
    maxAge: 24 * 60 * 60,
  });
  return { ok: true, size: result.size };
}

export async function removeFromCart(slug: string, positionId: string): Promise<void> {
  const ente = await requireEnte(slug);
  const cartId = await basketCookie();
  if (cartId && /^[0-9a-f-]{36}$/.test(positionId)) await removeFromBasket(await getDb(), ente.id, cartId, positionId);
}

/** Pays the whole basket in one checkout. */
export async function payCart(slug: string): Promise<PaymentActionResult> {
  const ente = await requireEnte(slug);
  const db = await getDb();
  const cart = await findOpenCart(db, ente.id, await basketCookie());
  if (!cart) return { ok: false, error: 'Il carrello è vuoto.' };
  const items = await basketPositions(db, ente.id, cart.id);
  if (items.length === 0) return { ok: false, error: 'Il carrello è vuoto.' };
  try {
    const { redirectUrl } = await startCheckout(db, ente, items.map((p) => p.id), defaultPartnerResolver(db), undefined, cart.id);
    return { ok: true, redirectUrl };
  } catch (error) {
    if (error instanceof CheckoutError) return { ok: false, error: error.message };
    throw error;
  }
}
