import type { ConnectionSecrets } from '../connection-settings';
import { describeProblem, partnerHttp } from '../http';
import { PartnerRejectedError, type CheckoutRequest, type CheckoutSession, type PartnerContext } from '../types';

/*
 * pagoPA Checkout `POST /carts` (reference partners.md §2.4), shared by the GovPay and the GPD adapters:
 * GovPay does not proxy it. Checkout answers 302 with the payment page in Location; 422 when a notice
 * cannot be paid (already being paid, duplicate, too many). Coming back to returnOkUrl proves nothing:
 * only a receipt does.
 */

export interface CheckoutEndpoint {
  /** Base up to the version, e.g. https://api.platform.pagopa.it/checkout/ec (the adapter appends /v1|/v2/carts). */
  checkoutUrl: string;
  checkoutVersion: 1 | 2;
  /** Ocp-Apim-Subscription-Key, when the deployment needs one (unverified whether production does). */
  subscriptionKey?: string;
}

/** The Checkout endpoint of an Ente's connection: GovPay and GPD connections carry the same Checkout fields. */
export function checkoutEndpointOf(
  settings: Pick<CheckoutEndpoint, 'checkoutUrl' | 'checkoutVersion'>,
  secrets: Pick<ConnectionSecrets, 'checkoutKey'>,
): CheckoutEndpoint {
  return { checkoutUrl: settings.checkoutUrl, checkoutVersion: settings.checkoutVersion, subscriptionKey: secrets.checkoutKey };
}

export function cartsUrl(endpoint: CheckoutEndpoint): string {
  const base = endpoint.checkoutUrl.replace(/\/v[12]$/, '');
  return `${base}/v${endpoint.checkoutVersion}/carts`;
}

export async function postCart(endpoint: CheckoutEndpoint, ctx: PartnerContext, request: CheckoutRequest): Promise<CheckoutSession> {
  if (request.notices.length < 1 || request.notices.length > 5) throw new RangeError('Un carrello contiene da 1 a 5 avvisi');
  if (endpoint.checkoutVersion === 2 && !request.returnUrls.waiting) throw new RangeError('Checkout v2 richiede returnWaitingUrl');
  const body = {
    paymentNotices: request.notices.map((n) => ({
      noticeNumber: n.noticeNumber,
      fiscalCode: ctx.creditorFiscalCode,
      amount: n.amountCents,
      companyName: ctx.companyName.slice(0, 140),
      description: n.description.slice(0, 140),
    })),
    returnUrls: {
      returnOkUrl: request.returnUrls.ok,
      returnCancelUrl: request.returnUrls.cancel,
      returnErrorUrl: request.returnUrls.error,
      ...(endpoint.checkoutVersion === 2 ? { returnWaitingUrl: request.returnUrls.waiting } : {}),
    },
    ...(request.payerEmail ? { emailNotice: request.payerEmail } : {}),
    idCart: request.cartId,
  };
  const url = cartsUrl(endpoint);
  const response = await partnerHttp({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(endpoint.subscriptionKey ? { 'ocp-apim-subscription-key': endpoint.subscriptionKey } : {}),
    },
    body: JSON.stringify(body),
  });
  const location = response.headers.location;
  if ((response.status === 302 || response.status === 303) && location) {
    const redirectUrl = new URL(location, url).toString();
    if (!/^https?:$/.test(new URL(redirectUrl).protocol)) throw new PartnerRejectedError('Checkout: Location non http(s)', response.status);
    return { sessionId: request.cartId, redirectUrl };
  }
  throw new PartnerRejectedError(`Checkout POST /carts: HTTP ${response.status} ${describeProblem(response)}`.trim(), response.status);
}
