'use server';

import { z } from 'zod';
import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { citizenAction } from '@/lib/actions/wrapper';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { findActiveService } from '@/lib/catalogue/queries';
import { buildPaymentFormSchema, computeAmountCents, renderCausale } from '@/lib/catalogue/service-form';
import { createPosition } from '@/lib/positions/create';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { claimNotice, noticeLookupLimitMessage, noticeNotFoundMessage, noticeNotPayableMessage } from '@/lib/positions/lookup';
import { accountingFor } from '@/lib/positions/transfers';
import { noticeClaimSchema, type NoticeClaim } from '@/lib/positions/schemas';
import { uuidSchema } from '@/lib/validation/ids';
import { ensureBrowserKeyHash } from './browser-key';
import { addToCart, cartPositions, findOpenCart, removeFromCart } from './cart';
import { checkoutForBrowser } from './browser-checkout';
import { findBrowserCart } from './queries';

/*
 * The citizen's payment actions. They answer with the checkout URL instead of redirecting: the browser
 * goes there itself (see lib/auth/actions.ts for why server-action redirects do not suit subdomains).
 * The Ente comes from the Host (the wrapper), never from an argument; positions are named by notice
 * number and debtor fiscal code, or reached through a cart bound to this browser, never by a bare id.
 */

async function claimed(db: Database, ente: Ente, claim: NoticeClaim, clientAddress: string, locale: Locale) {
  const result = await claimNotice(db, ente.id, claim, clientAddress, { ente, resolvePartner: defaultPartnerResolver(db) });
  if (result.kind === 'rate_limited') throw new ActionError(noticeLookupLimitMessage(result.retryAfterSeconds, locale));
  if (result.kind === 'not_found') throw new ActionError(noticeNotFoundMessage(ente.name, locale));
  if (result.kind === 'not_payable') throw new ActionError(noticeNotPayableMessage(ente.name, locale));
  return result.position;
}

const payServiceSchema = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,34}$/, 'Servizio non valido'),
  values: z.record(z.string(), z.unknown()),
});

/** A citizen pays a catalogue service: validate with the service's own schema, create the position, start checkout. */
export const payService = citizenAction('payService', payServiceSchema, async ({ code, values }, { db, ente, locale }) => {
  const t = translate(locale, 'Payments');
  const service = await findActiveService(db, ente.id, code);
  if (!service) throw new ActionError(t('serviceGone'));
  const parsed = buildPaymentFormSchema(service, locale).safeParse(values);
  if (!parsed.success) throw new ActionError(translate(locale, 'Actions')('invalid'), fieldErrorsOf(parsed.error));
  const data = parsed.data;
  const fields = data.fields as Record<string, string | undefined>;
  const causale = renderCausale(service.causaleTemplate, service.formDefinition, fields);
  const amountCents = computeAmountCents(service.amountRule, data);
  const accounting = accountingFor(ente, service, { causale, amountCents, dueDate: null, formData: fields });
  if (!accounting.ok)
    throw accounting.cause === 'amount'
      ? new ActionError(t('amountNotSplittable'), { amount: t('amountTooLow') })
      : new ActionError(t('serviceNotConfigured'));
  const position = await createPosition(db, ente, {
    channel: 'citizen',
    service,
    debtor: data.debtorFiscalCode
      ? {
          type: data.debtorFiscalCode.length === 11 ? 'G' : 'F',
          fiscalCode: data.debtorFiscalCode,
          fullName: data.debtorName,
          email: data.debtorEmail || undefined,
        }
      : null,
    causale,
    amountCents,
    dueDate: null,
    ...accounting.accounting,
    formData: fields,
  });
  return checkoutForBrowser(db, ente, [position.id], {
    payerEmail: data.debtorEmail || undefined,
    noticeNumber: position.noticeNumber,
    locale,
  });
});

/** Pays an existing notice (a printed avviso) found by its number and its debtor's fiscal code. */
export const payNotice = citizenAction('payNotice', noticeClaimSchema, async (claim, { db, ente, clientAddress, locale }) => {
  const position = await claimed(db, ente, claim, clientAddress, locale);
  return checkoutForBrowser(db, ente, [position.id], { payerEmail: position.debtorEmail ?? undefined, locale });
});

/** Puts an existing, payable notice in this browser's cart (at most five, one Ente). */
export const addNoticeToCart = citizenAction('addNoticeToCart', noticeClaimSchema, async (claim, { db, ente, clientAddress, locale }) => {
  const position = await claimed(db, ente, claim, clientAddress, locale);
  return { size: await addToCart(db, ente, await ensureBrowserKeyHash(), position) };
});

export const removeCartItem = citizenAction(
  'removeCartItem',
  z.object({ positionId: uuidSchema }),
  async ({ positionId }, { db, ente }) => {
    await removeFromCart(db, ente.id, await ensureBrowserKeyHash(), positionId);
    return { removed: true };
  },
);

/** Pays this browser's whole cart in one checkout. */
export const payCart = citizenAction('payCart', z.object({}), async (_input, { db, ente, locale }) => {
  const cart = await findOpenCart(db, ente.id, await ensureBrowserKeyHash());
  const items = cart ? await cartPositions(db, ente.id, cart.id) : [];
  if (!cart || items.length === 0) throw new ActionError(translate(locale, 'Payments')('cartEmpty'));
  return checkoutForBrowser(
    db,
    ente,
    items.map((p) => p.id),
    { openCartId: cart.id, locale },
  );
});

/** After a cancelled or failed checkout: pays again what is still unpaid, in a new checkout of this browser. */
export const retryCart = citizenAction('retryCart', z.object({ cartId: uuidSchema }), async ({ cartId }, { db, ente, locale }) => {
  const view = await findBrowserCart(db, ente.id, cartId, await ensureBrowserKeyHash());
  const unpaid = view?.items.filter((i) => i.position.status === 'valid').map((i) => i.position) ?? [];
  if (unpaid.length === 0) throw new ActionError(translate(locale, 'Payments')('nothingToPay'));
  return checkoutForBrowser(
    db,
    ente,
    unpaid.map((p) => p.id),
    { payerEmail: view!.cart.payerEmail ?? undefined, noticeNumber: unpaid[0]!.noticeNumber, locale },
  );
});
