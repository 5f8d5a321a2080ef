import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { ensureBrowserKeyHash } from './browser-key';
import { CheckoutError, startCheckout } from './checkout';

/** Where the browser goes next: the partner's checkout page. */
export type Redirect = { redirectUrl: string };

/**
 * Starts a checkout bound to this browser, for the citizen's actions. Kept out of the 'use server' files:
 * an export there would be callable from any browser. A checkout refusal becomes the Italian message of
 * an ActionError, with the notice number to keep when the partner is only temporarily down. In English the
 * refusal is told in general terms (its reasons are worded in Italian by the checkout).
 */
export async function checkoutForBrowser(
  db: Database,
  ente: Ente,
  positionIds: string[],
  options: { payerEmail?: string; openCartId?: string; noticeNumber?: string; locale: Locale },
): Promise<Redirect> {
  try {
    const browserKeyHash = await ensureBrowserKeyHash();
    const { redirectUrl } = await startCheckout(db, ente, positionIds, defaultPartnerResolver(db), { ...options, browserKeyHash });
    return { redirectUrl };
  } catch (error) {
    if (!(error instanceof CheckoutError)) throw error;
    const t = translate(options.locale, 'Payments');
    const reason = options.locale === 'it' ? error.message : t(error.retryable ? 'checkoutUnavailable' : 'checkoutRefused');
    const saved =
      error.retryable && options.noticeNumber ? ` ${t('keepNoticeNumber', { notice: formatNoticeNumber(options.noticeNumber) })}` : '';
    throw new ActionError(`${reason}${saved}`);
  }
}
