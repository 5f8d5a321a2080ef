import { localizedPath, type Locale } from '@/lib/i18n/locales';
import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, positions, type Ente } from '@/db/schema';
import { isPayable } from '@/lib/positions/lifecycle';
import { registerPosition } from '@/lib/positions/create';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import {
  PartnerRejectedError,
  PartnerUnavailableError,
  type CheckoutRequest,
  type CheckoutSession,
  type PartnerContext,
  type PaymentPartner,
} from '@/lib/partners/types';
import { enteUrl } from '@/lib/tenancy/urls';
import { MAX_CART_NOTICES } from './cart';
import { logPaymentStage } from './payment-log';

export class CheckoutError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

type EnteForCheckout = Pick<Ente, 'id' | 'slug' | 'name' | 'fiscalCode' | 'segregationCode' | 'partner'>;

/**
 * The return page of a cart. It carries no token: the page shows the cart only to the browser bound to it,
 * so a return URL seen by the partner, a proxy or the browser history opens nothing for anyone else.
 */
export function cartReturnUrl(
  ente: Pick<Ente, 'slug'>,
  cartId: string,
  outcome: 'ok' | 'annullato' | 'errore' | 'attesa',
  locale: Locale = 'it',
): string {
  return enteUrl(ente.slug, `${localizedPath(locale, '/pagamento/esito')}?carrello=${cartId}&esito=${outcome}`);
}

export interface CheckoutOptions {
  payerEmail?: string;
  /** The browser that starts the payment: the cart is bound to it. */
  browserKeyHash?: string;
  /** The browser's open cart, which becomes the checkout cart instead of a new one. */
  openCartId?: string;
  /** The language of the page that started the payment: the payer comes back to the outcome page in it, and the receipt e-mail is in it. */
  locale?: Locale;
}

/**
 * Starts the payment of 1-5 positions of one Ente: every one must be payable and known to the partner
 * (registered now if it was still pending). Returns where to send the payer.
 */
export async function startCheckout(
  db: Database,
  ente: EnteForCheckout,
  positionIds: string[],
  resolvePartner: PartnerResolver,
  { payerEmail, browserKeyHash, openCartId, locale = 'it' }: CheckoutOptions = {},
): Promise<{ cartId: string; redirectUrl: string }> {
  const ids = [...new Set(positionIds)];
  if (ids.length < 1 || ids.length > MAX_CART_NOTICES)
    throw new CheckoutError(`Puoi pagare insieme da 1 a ${MAX_CART_NOTICES} avvisi`, false);
  const found = await db
    .select()
    .from(positions)
    .where(and(eq(positions.enteId, ente.id), inArray(positions.id, ids)));
  // The cart keeps the order the payer chose.
  const rows = found.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  if (rows.length !== ids.length) throw new CheckoutError('Uno degli avvisi non appartiene a questo Ente', false);
  const unpayable = rows.find((p) => !isPayable(p));
  if (unpayable)
    throw new CheckoutError(`L'avviso ${unpayable.noticeNumber} non è pagabile: risulta ${statusText(unpayable.status)}`, false);

  for (const position of rows) {
    const registration = await registerPosition(db, ente, position, resolvePartner);
    if (registration === 'pending') {
      throw new CheckoutError(
        "Il servizio di pagamento dell'Ente non risponde in questo momento. La tua posizione è salvata: riprova tra qualche minuto.",
        true,
      );
    }
    // Cancelled or expired since it was read above.
    if (registration === 'not_payable') throw new CheckoutError(`L'avviso ${position.noticeNumber} non è più pagabile`, false);
  }

  const partner = await resolvePartner(ente);
  const cartId =
    openCartId ??
    (
      await db
        .insert(carts)
        .values({ enteId: ente.id, partner: partner.code, payerEmail, browserKeyHash, locale })
        .returning({ id: carts.id })
    )[0]!.id;
  if (!openCartId) await db.insert(cartItems).values(rows.map((p) => ({ cartId, positionId: p.id, enteId: ente.id })));
  const key = { noticeNumbers: rows.map((p) => p.noticeNumber), cartId };
  logPaymentStage('cart_created', key, { partner: partner.code });
  const session = await partnerCheckout(partner, partnerContext(ente), {
    cartId,
    notices: rows.map((p) => ({ noticeNumber: p.noticeNumber, amountCents: p.amountCents, description: p.causale })),
    returnUrls: {
      ok: cartReturnUrl(ente, cartId, 'ok', locale),
      cancel: cartReturnUrl(ente, cartId, 'annullato', locale),
      error: cartReturnUrl(ente, cartId, 'errore', locale),
      // Checkout v2's returnWaitingUrl: the outcome is not known yet.
      waiting: cartReturnUrl(ente, cartId, 'attesa', locale),
    },
    payerEmail,
  });
  await db
    .update(carts)
    // The language of the checkout, also for a cart filled earlier on pages in another language.
    .set({ status: 'started', startedAt: new Date(), partnerSessionId: session.sessionId, checkoutUrl: session.redirectUrl, locale })
    .where(eq(carts.id, cartId));
  logPaymentStage('checkout_redirect', key, { partner: partner.code, partnerSessionId: session.sessionId });
  return { cartId, redirectUrl: session.redirectUrl };
}

/**
 * The partner's Checkout call, its failures in the citizen's words: pagoPA down is "retry in a few minutes",
 * a 422 means pagoPA refuses one of the notices now (typically a payment of it already in progress), any
 * other refusal is our side's problem and is logged for staff.
 */
async function partnerCheckout(partner: PaymentPartner, ctx: PartnerContext, request: CheckoutRequest): Promise<CheckoutSession> {
  try {
    return await partner.startCheckout(ctx, request);
  } catch (error) {
    if (error instanceof PartnerUnavailableError)
      throw new CheckoutError('Il servizio pagoPA non risponde in questo momento. Riprova tra qualche minuto.', true);
    if (!(error instanceof PartnerRejectedError)) throw error;
    if (error.status === 422)
      throw new CheckoutError(
        'pagoPA non accetta ora il pagamento di uno di questi avvisi: potrebbe esserne già in corso il pagamento. Riprova tra qualche minuto.',
        false,
      );
    logger.error({ cartId: request.cartId, err: error.message }, 'checkout rifiutato dal partner');
    throw new CheckoutError(
      "Il servizio di pagamento non ha accettato la richiesta. Riprova più tardi; se il problema continua contatta l'Ente.",
      false,
    );
  }
}

function statusText(status: string): string {
  return { paid: 'già pagato', expired: 'scaduto', cancelled: 'annullato', valid: 'da pagare' }[status] ?? status;
}
