import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readConfig } from '@/lib/config';
import { PartnerRejectedError, PartnerUnavailableError } from './types';

/*
 * The one HTTP client of the real adapters, on node:http(s) so that a GovPay client certificate works
 * like any other call. It never follows redirects (Checkout answers 302 and we want its Location), caps
 * the answer's size, and classifies failures the way the core needs: network errors, timeouts and 5xx are
 * PartnerUnavailableError (retry later), the rest is the caller's to read.
 */

export interface PartnerHttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  timeoutMs?: number;
  /** PEM client certificate and key (GovPay `ssl` authentication). */
  clientCert?: { cert: string; key: string };
  /** Answers bigger than this are refused (a misbehaving server must not fill our memory). */
  maxResponseBytes?: number;
  /** Aborts the call (a caller's deadline): it then fails as PartnerUnavailableError. */
  signal?: AbortSignal;
}

export interface PartnerHttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  json(): unknown;
}

const DEFAULT_MAX_RESPONSE = 8 * 1024 * 1024;

export function partnerHttp(req: PartnerHttpRequest): Promise<PartnerHttpResponse> {
  const url = new URL(req.url);
  const timeoutMs = req.timeoutMs ?? readConfig().PARTNER_HTTP_TIMEOUT_MS;
  const maxBytes = req.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = req.body === undefined ? undefined : Buffer.isBuffer(req.body) ? req.body : Buffer.from(req.body, 'utf8');
  const where = `${req.method} ${url.origin}${url.pathname}`;
  return new Promise((resolve, reject) => {
    const outgoing = send(
      url,
      {
        method: req.method,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...req.headers },
        ...(req.clientCert ? { cert: req.clientCert.cert, key: req.clientCert.key } : {}),
        timeout: timeoutMs,
        ...(req.signal ? { signal: req.signal } : {}),
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            incoming.destroy();
            reject(new PartnerUnavailableError(`${where}: risposta oltre ${maxBytes} byte`));
            return;
          }
          chunks.push(chunk);
        });
        incoming.on('error', (error) => reject(new PartnerUnavailableError(`${where}: ${error.message}`, { cause: error })));
        incoming.on('end', () => {
          const status = incoming.statusCode ?? 0;
          const buffer = Buffer.concat(chunks);
          const response: PartnerHttpResponse = {
            status,
            headers: incoming.headers,
            body: buffer,
            text: () => buffer.toString('utf8'),
            json: () => JSON.parse(buffer.toString('utf8')) as unknown,
          };
          if (status >= 500 || status === 429 || status === 408) {
            const retryAfter = retryAfterMs(incoming.headers);
            reject(
              new PartnerUnavailableError(`${where}: HTTP ${status} ${describeProblem(response)}`.trim(), {
                status,
                retryAfterMs: retryAfter,
              }),
            );
            return;
          }
          resolve(response);
        });
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`nessuna risposta entro ${timeoutMs} ms`)));
    outgoing.on('error', (error) => reject(new PartnerUnavailableError(`${where}: ${error.message}`, { cause: error })));
    outgoing.end(body);
  });
}

/** A server may ask for a long pause, not for an endless one: a wait beyond this is taken as this. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * How long a 429 or 5xx asks us to wait: `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) or, from
 * Azure API Management gateways such as App IO's, `x-rate-limit-retry-after` (seconds). Undefined when neither is usable.
 */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  for (const name of ['retry-after', 'x-rate-limit-retry-after']) {
    const value = headers[name];
    const text = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!text) continue;
    // Seconds, or an IMF-fixdate (`Fri, 01 May 2026 10:00:30 GMT`): Date.parse alone would take `-3` for a year.
    const ms = /^\d+$/.test(text) ? Number(text) * 1000 : /^[A-Z][a-z]{2}, /.test(text) ? Date.parse(text) - now : NaN;
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), MAX_RETRY_AFTER_MS);
  }
  return undefined;
}

/**
 * A short description of an error body, whatever its dialect: GovPay FaultBean {categoria, codice,
 * descrizione}, pagoPA ProblemJson {title, status, detail}, FdR {appErrorCode, errors[]}.
 */
export function describeProblem(response: PartnerHttpResponse): string {
  let parsed: unknown;
  try {
    parsed = response.json();
  } catch {
    return response.text().slice(0, 200);
  }
  if (!parsed || typeof parsed !== 'object') return '';
  const p = parsed as Record<string, unknown>;
  const parts = [p.codice, p.descrizione, p.title, p.detail, p.appErrorCode, p.message].filter((v) => typeof v === 'string');
  return parts.join(' - ').slice(0, 300);
}

/** A 4xx the caller did not expect: final, with the partner's own code when it gives one. */
export function rejected(where: string, response: PartnerHttpResponse): PartnerRejectedError {
  let code: string | undefined;
  try {
    const body = response.json() as Record<string, unknown>;
    code = typeof body.codice === 'string' ? body.codice : typeof body.appErrorCode === 'string' ? body.appErrorCode : undefined;
  } catch {
    code = undefined;
  }
  return new PartnerRejectedError(`${where}: HTTP ${response.status} ${describeProblem(response)}`.trim(), response.status, code);
}

export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
