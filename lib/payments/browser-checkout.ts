import type { Database } from '@/db';
import type { Ente } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { ensureBrowserKeyHash } from './browser-key';
import { CheckoutError, startCheckout } from './checkout';

/** Where the browser goes next: the partner's checkout page. */
export type Redirect = { redirectUrl: string };

/**
 * Starts a checkout bound to this browser, for the citizen's actions. Kept out of the 'use server' files:
 * an export there would be callable from any browser. A checkout refusal becomes the Italian message of
 * an ActionError, with the notice number to keep when the partner is only temporarily down.
 */
export async function checkoutForBrowser(
  db: Database,
  ente: Ente,
  positionIds: string[],
  options: { payerEmail?: string; openCartId?: string; noticeNumber?: string },
): Promise<Redirect> {
  try {
    const browserKeyHash = await ensureBrowserKeyHash();
    const { redirectUrl } = await startCheckout(db, ente, positionIds, defaultPartnerResolver(db), { ...options, browserKeyHash });
    return { redirectUrl };
  } catch (error) {
    if (!(error instanceof CheckoutError)) throw error;
    const saved =
      error.retryable && options.noticeNumber
        ? ` Il codice avviso è ${formatNoticeNumber(options.noticeNumber)}: annotalo per pagare da «Paga un avviso».`
        : '';
    throw new ActionError(`${error.message}${saved}`);
  }
}
