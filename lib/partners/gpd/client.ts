import { randomUUID } from 'node:crypto';
import { partnerHttp, type PartnerHttpResponse } from '../http';

/*
 * Calls to pagoPA's APIM-fronted services (GPD, its receipts API): the subscription key of the product,
 * enabled by PagoPA for the Ente or its broker, and a request id to quote when asking PagoPA's support.
 */

export interface ApimEndpoint {
  baseUrl: string;
  subscriptionKey?: string;
}

export function apimCall(
  endpoint: ApimEndpoint,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; accept?: string } = {},
): Promise<PartnerHttpResponse> {
  return partnerHttp({
    method,
    url: `${endpoint.baseUrl}${path}`,
    headers: {
      accept: options.accept ?? 'application/json',
      'x-request-id': randomUUID(),
      ...(endpoint.subscriptionKey ? { 'ocp-apim-subscription-key': endpoint.subscriptionKey } : {}),
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** A path segment that cannot escape its place (fiscal codes and IUVs are digits, but never trust that). */
export const segment = (value: string) => encodeURIComponent(value);
