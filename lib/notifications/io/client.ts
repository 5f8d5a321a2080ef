import { z } from 'zod';
import { readConfig } from '@/lib/config';
import { describeProblem, partnerHttp, type PartnerHttpResponse } from '@/lib/partners/http';
import { PartnerRejectedError, PartnerUnavailableError } from '@/lib/partners/types';

/*
 * The three calls of the IO Services API the portal makes with an Ente's service key (reference
 * notifications.md §1): the profile check (POST /profiles), the message (POST /messages, fiscal code in the
 * body) and its status (GET /messages/{fiscal_code}/{id}). Over the partners' HTTP client: 429, 5xx and
 * network errors are PartnerUnavailableError (retry, with the Retry-After IO gave); a 4xx is
 * PartnerRejectedError (final), with what it means for the Ente's staff.
 */

/** A person's codice fiscale, as IO's FiscalCode type: App IO has no profiles for companies. */
export const IO_FISCAL_CODE = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** `NewMessage` as the portal sends it: STANDARD messages (no Premium features), checked before sending. */
export const ioNewMessage = z.object({
  fiscal_code: z.string().regex(IO_FISCAL_CODE),
  feature_level_type: z.literal('STANDARD'),
  content: z.object({
    subject: z.string().min(10).max(120),
    markdown: z.string().min(80).max(10_000),
    due_date: z.iso.datetime().optional(),
    payment_data: z
      .object({
        amount: z.number().int().min(1).max(9_999_999_999),
        notice_number: z.string().regex(/^[0123][0-9]{17}$/),
        invalid_after_due_date: z.boolean(),
      })
      .optional(),
  }),
});
export type IoNewMessage = z.infer<typeof ioNewMessage>;

const limitedProfile = z.object({ sender_allowed: z.boolean(), preferred_languages: z.array(z.string()).optional() });
const createdMessage = z.object({ id: z.string().min(1).max(200) });
export const IO_MESSAGE_STATUSES = ['ACCEPTED', 'THROTTLED', 'FAILED', 'PROCESSED', 'REJECTED'] as const;
const messageResponse = z.object({ status: z.enum(IO_MESSAGE_STATUSES).optional() });

export type IoMessageStatus = (typeof IO_MESSAGE_STATUSES)[number];

export interface IoClient {
  /** Whether the citizen may get this service's messages: `no_profile` (404: not on IO, or inbox off), else sender_allowed. */
  profile(fiscalCode: string): Promise<'allowed' | 'sender_not_allowed' | 'no_profile'>;
  /** Submits the message; resolves with IO's id of it (the 201). */
  submit(message: IoNewMessage): Promise<string>;
  /** Where IO is with the message; `unknown` when IO has no message with that id (404), `ACCEPTED` when it does not say. */
  status(fiscalCode: string, id: string): Promise<IoMessageStatus | 'unknown'>;
}

/** What an IO refusal means to the Ente's staff, by status (reference notifications.md §1). */
const REFUSALS: Record<number, string> = {
  400: 'App IO ha rifiutato il messaggio come non valido (per esempio un importo oltre il massimo del servizio)',
  401: 'App IO non riconosce la chiave del servizio: controlla la chiave in Impostazioni, Messaggi ai cittadini',
  403: 'App IO non autorizza l’invio: la chiave è ancora in prova e il destinatario non è tra quelli autorizzati, il servizio non è abilitato ai messaggi reali o la chiamata viene da un indirizzo IP non autorizzato',
};

function refusal(what: string, response: PartnerHttpResponse): PartnerRejectedError {
  const explained = REFUSALS[response.status] ?? `App IO ha risposto ${response.status} al ${what}`;
  const detail = describeProblem(response);
  return new PartnerRejectedError(`${explained} (HTTP ${response.status}${detail ? `: ${detail}` : ''})`, response.status);
}

function parsed<T>(schema: z.ZodType<T>, response: PartnerHttpResponse, what: string): T {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    body = undefined;
  }
  const result = schema.safeParse(body);
  if (!result.success) throw new PartnerUnavailableError(`App IO: risposta inattesa al ${what} (HTTP ${response.status})`);
  return result.data;
}

/** The client of one IO service, by its key. The base URL is IO_API_BASE_URL (tests point it at tests/mocks/io.ts). */
export function ioClient(serviceKey: string, baseUrl: string = readConfig().IO_API_BASE_URL): IoClient {
  const call = (method: 'GET' | 'POST', path: string, body?: unknown) =>
    partnerHttp({
      method,
      url: `${baseUrl}${path}`,
      headers: {
        'Ocp-Apim-Subscription-Key': serviceKey,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      maxResponseBytes: 256 * 1024,
    });
  return {
    async profile(fiscalCode) {
      const response = await call('POST', '/profiles', { fiscal_code: fiscalCode });
      if (response.status === 404) return 'no_profile';
      if (response.status !== 200) throw refusal('controllo del profilo', response);
      return parsed(limitedProfile, response, 'controllo del profilo').sender_allowed ? 'allowed' : 'sender_not_allowed';
    },
    async submit(message) {
      const response = await call('POST', '/messages', message);
      if (response.status !== 201) throw refusal('messaggio', response);
      return parsed(createdMessage, response, 'messaggio').id;
    },
    async status(fiscalCode, id) {
      const response = await call('GET', `/messages/${encodeURIComponent(fiscalCode)}/${encodeURIComponent(id)}`);
      if (response.status === 404) return 'unknown';
      if (response.status !== 200) throw refusal('controllo dello stato', response);
      return parsed(messageResponse, response, 'controllo dello stato').status ?? 'ACCEPTED';
    },
  };
}
