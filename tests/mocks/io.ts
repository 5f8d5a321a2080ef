import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseJson, sendJson, sendProblem, startHttpMock, type MockControls, type MockRequest } from './http-mock';

/*
 * A mock of the IO Services API (/api/v1), in memory, written from our reading of the spec and of its
 * handlers (reference notifications.md §1–2), not from our client:
 * - every call needs `Ocp-Apim-Subscription-Key` of a known service, else APIM's 401;
 * - POST /profiles: 200 LimitedProfile {sender_allowed}, 404 when there is no profile or its inbox is off,
 *   403 for a key in test mode asking about someone outside its authorized recipients;
 * - POST /messages (fiscal code in the body): 400 for a NewMessage out of the spec's limits, 403 for a recipient
 *   a test key may not write to, for `payee` or ADVANCED without their groups; else 201 {id} with Location.
 *   An unknown citizen is no 404: the message is accepted and later REJECTED;
 * - GET /messages/{fiscal_code}/{id}: the message with its status, ACCEPTED first and then PROCESSED or REJECTED;
 * - 429 with APIM's rate-limit headers on demand, 5xx and delays from http-mock.
 * No jest imports: the e2e runner and the screenshot scripts start it too.
 */

export type IoMockStatus = 'ACCEPTED' | 'THROTTLED' | 'FAILED' | 'PROCESSED' | 'REJECTED';

export interface IoMockProfile {
  /** false: the citizen turned this portal's services off in the app (profile 200, sender_allowed false). */
  senderAllowed: boolean;
  /** false: the profile exists but its inbox is off, which IO answers as 404. */
  inboxEnabled?: boolean;
}

export interface IoMockService {
  /** The service's primary key. */
  key: string;
  /** Test mode (group ApiLimitedMessageWrite): only these fiscal codes may be asked about or written to. */
  authorizedRecipients?: string[];
  /** The service's maxAllowedPaymentAmount, in cents (IO's default is 0, i.e. none, for a new service). */
  maxAllowedPaymentAmount?: number;
}

export interface IoMockMessage {
  id: string;
  fiscalCode: string;
  serviceKey: string;
  body: Record<string, unknown>;
  createdAt: string;
  /** What the next status reads answer: the first until the last, which then stays. */
  statuses: IoMockStatus[];
}

export interface IoMock {
  /** The base URL, `…/api/v1`: what IO_API_BASE_URL points at. */
  url: string;
  controls: MockControls;
  services: IoMockService[];
  /** Citizens with a profile, by fiscal code; anyone else has none (404). */
  profiles: Map<string, IoMockProfile>;
  messages: Map<string, IoMockMessage>;
  /** The next `times` requests answer 429 with `x-rate-limit-retry-after` (and `retry-after` when `standardHeader`). */
  throttleNext(times: number, retryAfterSeconds: number, standardHeader?: boolean): void;
  /** The statuses the next submitted message goes through, instead of ACCEPTED then its natural outcome. */
  nextStatuses: IoMockStatus[] | null;
  /** The messages submitted to one fiscal code. */
  sentTo(fiscalCode: string): IoMockMessage[];
  close(): Promise<void>;
}

const BASE = '/api/v1';
const FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const NOTICE_NUMBER = /^[0123][0-9]{17}$/;

/** A ULID-like id, as IO gives (26 Crockford base32 characters). */
function ulid(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

/** What is wrong with a NewMessage by the spec's definitions; null when nothing. */
function invalidMessage(body: Record<string, unknown>): string | null {
  const content = body.content as Record<string, unknown> | undefined;
  if (typeof body.fiscal_code !== 'string' || !FISCAL_CODE.test(body.fiscal_code)) return 'fiscal_code is not a valid FiscalCode';
  if (body.time_to_live !== undefined && (typeof body.time_to_live !== 'number' || body.time_to_live < 3600 || body.time_to_live > 604_800))
    return 'time_to_live must be between 3600 and 604800';
  if (body.feature_level_type !== undefined && body.feature_level_type !== 'STANDARD' && body.feature_level_type !== 'ADVANCED')
    return 'feature_level_type is not valid';
  if (!content || typeof content !== 'object') return 'content is required';
  if (typeof content.subject !== 'string' || content.subject.length < 10 || content.subject.length > 120)
    return 'content.subject must be 10 to 120 characters';
  if (typeof content.markdown !== 'string' || content.markdown.length < 80 || content.markdown.length > 10_000)
    return 'content.markdown must be 80 to 10000 characters';
  if (content.due_date !== undefined && (typeof content.due_date !== 'string' || !/^\d{4}-\d{2}-\d{2}T.*Z$/.test(content.due_date)))
    return 'content.due_date must be an ISO-8601 UTC date-time';
  const payment = content.payment_data as Record<string, unknown> | undefined;
  if (payment !== undefined) {
    if (!Number.isInteger(payment.amount) || (payment.amount as number) < 1 || (payment.amount as number) > 9_999_999_999)
      return 'payment_data.amount must be 1 to 9999999999 euro cents';
    if (typeof payment.notice_number !== 'string' || !NOTICE_NUMBER.test(payment.notice_number))
      return 'payment_data.notice_number is not valid';
    if (payment.invalid_after_due_date !== undefined && typeof payment.invalid_after_due_date !== 'boolean')
      return 'payment_data.invalid_after_due_date must be a boolean';
  }
  return null;
}

export async function startIoMock(options: { services: IoMockService[] }): Promise<IoMock> {
  const throttles: { retryAfterSeconds: number; standardHeader: boolean }[] = [];
  const mock: Omit<IoMock, 'url' | 'controls' | 'close'> = {
    services: options.services,
    profiles: new Map(),
    messages: new Map(),
    nextStatuses: null,
    throttleNext(times, retryAfterSeconds, standardHeader = false) {
      for (let i = 0; i < times; i++) throttles.push({ retryAfterSeconds, standardHeader });
    },
    sentTo: (fiscalCode) => [...mock.messages.values()].filter((m) => m.fiscalCode === fiscalCode),
  };

  /** May this service name this citizen at all (a test key only its authorized recipients)? */
  const mayAddress = (service: IoMockService, fiscalCode: string) =>
    !service.authorizedRecipients || service.authorizedRecipients.includes(fiscalCode);

  /** What processing makes of a message: REJECTED for USER_NOT_FOUND or SERVICE_NOT_ALLOWED, else PROCESSED. */
  const outcomeFor = (fiscalCode: string): IoMockStatus => {
    const profile = mock.profiles.get(fiscalCode);
    return profile && profile.inboxEnabled !== false && profile.senderAllowed ? 'PROCESSED' : 'REJECTED';
  };

  function profile(res: ServerResponse, service: IoMockService, body: Record<string, unknown>): void {
    const fiscalCode = body.fiscal_code;
    if (typeof fiscalCode !== 'string' || !FISCAL_CODE.test(fiscalCode)) return sendProblem(res, 400, 'Invalid FiscalCode', 'fiscal_code');
    if (!mayAddress(service, fiscalCode)) return sendProblem(res, 403, 'Recipient forbidden', 'The recipient is not authorized');
    const found = mock.profiles.get(fiscalCode);
    if (!found || found.inboxEnabled === false)
      return sendProblem(res, 404, 'Profile not found', 'The profile you requested was not found');
    sendJson(res, 200, { sender_allowed: found.senderAllowed, preferred_languages: ['it_IT'] });
  }

  function submit(res: ServerResponse, service: IoMockService, body: Record<string, unknown>, pathFiscalCode?: string): void {
    if (pathFiscalCode && body.fiscal_code !== undefined) {
      return sendProblem(res, 400, 'Invalid request', 'fiscal_code must not be both in the path and in the body');
    }
    const message = pathFiscalCode ? { ...body, fiscal_code: pathFiscalCode } : body;
    const invalid = invalidMessage(message);
    if (invalid) return sendProblem(res, 400, 'Invalid NewMessage', invalid);
    const fiscalCode = message.fiscal_code as string;
    const content = message.content as Record<string, unknown>;
    const payment = content.payment_data as Record<string, unknown> | undefined;
    if (!mayAddress(service, fiscalCode))
      return sendProblem(res, 403, 'Recipient forbidden', 'You are not allowed to send to this recipient');
    if (payment?.payee !== undefined) return sendProblem(res, 403, 'Forbidden', 'payee needs group ApiMessageWriteWithPayee');
    if (message.feature_level_type === 'ADVANCED') return sendProblem(res, 403, 'Forbidden', 'ADVANCED needs the Premium group');
    if (payment && service.maxAllowedPaymentAmount !== undefined && (payment.amount as number) > service.maxAllowedPaymentAmount) {
      return sendProblem(res, 400, 'Invalid amount', 'amount exceeds the maxAllowedPaymentAmount of the service');
    }
    const id = ulid();
    mock.messages.set(id, {
      id,
      fiscalCode,
      serviceKey: service.key,
      body: message,
      createdAt: new Date().toISOString(),
      statuses: mock.nextStatuses ?? ['ACCEPTED', outcomeFor(fiscalCode)],
    });
    mock.nextStatuses = null;
    res.writeHead(201, { 'content-type': 'application/json', location: `${BASE}/messages/${fiscalCode}/${id}` });
    res.end(JSON.stringify({ id }));
  }

  function status(res: ServerResponse, service: IoMockService, fiscalCode: string, id: string): void {
    const message = mock.messages.get(id);
    if (!message || message.fiscalCode !== fiscalCode || message.serviceKey !== service.key) {
      return sendProblem(res, 404, 'Message not found', 'The message you requested was not found');
    }
    const current = message.statuses.length > 1 ? message.statuses.shift()! : message.statuses[0]!;
    sendJson(res, 200, {
      message: { id, fiscal_code: fiscalCode, created_at: message.createdAt, sender_service_id: 'mock-service', ...message.body },
      status: current,
      ...(current === 'PROCESSED' ? { notification: { email: 'SENT', webhook: 'SENT' } } : {}),
    });
  }

  const server = await startHttpMock((req: MockRequest, res) => {
    const throttle = throttles.shift();
    if (throttle) {
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-rate-limit-remaining': '0',
        'x-rate-limit-retry-after': String(throttle.retryAfterSeconds),
        ...(throttle.standardHeader ? { 'retry-after': String(throttle.retryAfterSeconds) } : {}),
      });
      res.end(JSON.stringify({ statusCode: 429, message: `Rate limit is exceeded. Try again in ${throttle.retryAfterSeconds} seconds.` }));
      return;
    }
    const service = mock.services.find((s) => s.key === req.headers['ocp-apim-subscription-key']);
    if (!service) {
      return sendJson(res, 401, {
        statusCode: 401,
        message: 'Access denied due to missing or invalid subscription key. Make sure to provide a valid key for an active subscription.',
      });
    }
    const path = new URL(req.path, 'http://mock').pathname;
    if (!path.startsWith(`${BASE}/`)) return sendProblem(res, 404, 'Not Found', 'Resource not found');
    const parts = path
      .slice(BASE.length + 1)
      .split('/')
      .map(decodeURIComponent);
    const body = req.method === 'POST' ? parseJson(req.body) : undefined;
    if (req.method === 'POST' && (!body || typeof body !== 'object')) return sendProblem(res, 400, 'Invalid request', 'body is not JSON');
    const json = body as Record<string, unknown>;
    if (req.method === 'POST' && parts.length === 1 && parts[0] === 'profiles') return profile(res, service, json);
    if (req.method === 'POST' && parts.length === 1 && parts[0] === 'messages') return submit(res, service, json);
    if (req.method === 'POST' && parts.length === 2 && parts[0] === 'messages') return submit(res, service, json, parts[1]);
    if (req.method === 'GET' && parts.length === 3 && parts[0] === 'messages') return status(res, service, parts[1]!, parts[2]!);
    sendProblem(res, 404, 'Not Found', 'Resource not found');
  });

  // The same object the handlers read (nextStatuses is set by the tests).
  return Object.assign(mock, { url: `${server.url}${BASE}`, controls: server.controls, close: server.close });
}
