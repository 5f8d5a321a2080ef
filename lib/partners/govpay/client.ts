import type { ConnectionSecrets, GovpaySettings } from '../connection-settings';
import { basicAuth, partnerHttp, type PartnerHttpResponse } from '../http';
import { PartnerUnavailableError } from '../types';

/*
 * HTTP to one Ente's GovPay: API Pendenze v2 and API Ragioneria v3 (reference partners.md §1.1), with
 * HTTP Basic or a client certificate as the connection says. A connection missing its credential is a
 * configuration still to finish: PartnerUnavailableError, so that positions wait instead of failing.
 */

export type GovpayApi = 'pendenze' | 'ragioneria';

export interface GovpayCall {
  method: 'GET' | 'PUT' | 'PATCH';
  api: GovpayApi;
  /** Path under the API base, its segments already encoded (see `segment`). */
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  contentType?: string;
}

export interface GovpayClient {
  call(call: GovpayCall): Promise<PartnerHttpResponse>;
}

/** One path segment, encoded: ids come from data and must not change the path. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}

export function govpayClient(settings: GovpaySettings, secrets: ConnectionSecrets): GovpayClient {
  return {
    async call({ method, api, path, query, body, contentType }) {
      const auth = credentials(settings, secrets);
      const base = api === 'pendenze' ? settings.pendenzeUrl : settings.ragioneriaUrl;
      const url = new URL(`${base}${path}`);
      for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
      return partnerHttp({
        method,
        url: url.toString(),
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': contentType ?? 'application/json' }),
          ...auth.headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        clientCert: auth.clientCert,
      });
    },
  };
}

function credentials(
  settings: GovpaySettings,
  secrets: ConnectionSecrets,
): { headers: Record<string, string>; clientCert?: { cert: string; key: string } } {
  if (settings.outboundAuth === 'client_cert') {
    if (!secrets.clientCertPem || !secrets.clientKeyPem)
      throw new PartnerUnavailableError('Collegamento GovPay incompleto: manca il certificato client o la sua chiave');
    return { headers: {}, clientCert: { cert: secrets.clientCertPem, key: secrets.clientKeyPem } };
  }
  if (!settings.username || !secrets.password)
    throw new PartnerUnavailableError('Collegamento GovPay incompleto: mancano utente o password (HTTP Basic)');
  return { headers: { authorization: basicAuth(settings.username, secrets.password) } };
}
