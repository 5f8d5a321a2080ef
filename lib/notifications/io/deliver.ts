import type { Database } from '@/db';
import type { OutboxMessage } from '@/db/schema';
import { retryDelayMs } from '@/lib/jobs/queue';
import { PartnerUnavailableError } from '@/lib/partners/types';
import { loadMessageFacts, UndeliverableError } from '../facts';
import { loadIoServiceKey } from '../settings';
import type { Settlement } from '../settlement';
import { IO_FISCAL_CODE, ioClient, ioNewMessage, type IoClient, type IoMessageStatus } from './client';
import { renderIoMessage } from './message';

/*
 * One App IO message through its life: the profile check, then the message, then looks at its status until IO
 * says PROCESSED (sent) or REJECTED (dead). A 201 only means IO will process it (reference notifications.md §1).
 */

/** The first look at the status of an accepted message; then at the time elapsed since, up to an hour. */
const FIRST_STATUS_CHECK_MS = 30_000;
const MAX_STATUS_INTERVAL_MS = 3_600_000;
/** IO retries its delivery within the message's time_to_live (an hour by default): a day without an outcome is given up. */
const STATUS_FOLLOW_MS = 24 * 3_600_000;

/** A delivery run's App IO state: how to reach IO with a key, and the Enti whose key IO asked to slow down. */
export interface IoRun {
  client(serviceKey: string): IoClient;
  /** Ente id → until when IO answers 429 to its key: the run leaves that Ente's messages until then. */
  throttledUntil: Map<string, number>;
}

export function newIoRun(client: (serviceKey: string) => IoClient = (key) => ioClient(key)): IoRun {
  return { client, throttledUntil: new Map() };
}

/** A 429 stops the run from calling IO with that Ente's key until IO's Retry-After (or a short backoff) is over. */
function noteThrottling(run: IoRun, enteId: string, error: unknown): void {
  if (error instanceof PartnerUnavailableError && error.status === 429) {
    run.throttledUntil.set(enteId, Date.now() + (error.retryAfterMs ?? retryDelayMs(1)));
  }
}

/**
 * Delivers one claimed `io` message, or looks again at one IO accepted. Throws what the caller settles as
 * a failure: PartnerUnavailableError (retry, after IO's Retry-After when it gave one), PartnerRejectedError
 * and UndeliverableError (final).
 */
export async function deliverIo(db: Database, run: IoRun, message: OutboxMessage): Promise<Settlement> {
  const throttled = run.throttledUntil.get(message.enteId);
  if (throttled !== undefined && throttled > Date.now()) {
    const later = new Date(throttled);
    return message.providerId
      ? { state: 'accepted', providerId: message.providerId, nextAttemptAt: later }
      : { state: 'deferred', nextAttemptAt: later };
  }
  const key = await loadIoServiceKey(db, message.enteId);
  if (!key)
    throw new UndeliverableError('Chiave del servizio IO assente o illeggibile: va inserita in Impostazioni, Messaggi ai cittadini');
  const client = run.client(key);
  if (message.providerId) return followStatus(run, client, message, message.providerId);
  try {
    return await submit(db, client, message);
  } catch (error) {
    noteThrottling(run, message.enteId, error);
    throw error;
  }
}

async function submit(db: Database, client: IoClient, message: OutboxMessage): Promise<Settlement> {
  if (!IO_FISCAL_CODE.test(message.recipient)) throw new UndeliverableError('codice fiscale non valido per App IO');
  const loaded = await loadMessageFacts(db, message);
  if (loaded === 'cancelled') return { state: 'cancelled' };
  const payload = ioNewMessage.safeParse(renderIoMessage(message.recipient, loaded.facts));
  if (!payload.success) {
    throw new UndeliverableError(`messaggio fuori dai limiti di App IO: ${payload.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  // GovPay's order too: ask first, and send only to a citizen who takes this service's messages.
  const profile = await client.profile(message.recipient);
  if (profile === 'no_profile') return { state: 'unreachable', reason: 'Il cittadino non usa App IO o non vi riceve messaggi' };
  if (profile === 'sender_not_allowed')
    return { state: 'unreachable', reason: 'Il cittadino ha disattivato in App IO i messaggi di questo servizio' };
  const id = await client.submit(payload.data);
  return { state: 'accepted', providerId: id, nextAttemptAt: new Date(Date.now() + FIRST_STATUS_CHECK_MS) };
}

/** A look at an accepted message: IO's answer settles it, an error or no outcome yet waits for the next look. */
async function followStatus(run: IoRun, client: IoClient, message: OutboxMessage, id: string): Promise<Settlement> {
  const elapsed = Date.now() - (message.sentAt?.getTime() ?? Date.now());
  let status: IoMessageStatus | 'unknown' | undefined;
  let note: string | undefined;
  try {
    status = await client.status(message.recipient, id);
  } catch (error) {
    noteThrottling(run, message.enteId, error);
    note = `Verifica dell’esito su App IO non riuscita: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (status === 'PROCESSED') return { state: 'sent', providerId: id };
  if (status === 'REJECTED') {
    // IO's API does not say why; its processing rejects for USER_NOT_FOUND or SERVICE_NOT_ALLOWED.
    return {
      state: 'dead',
      error: 'App IO ha respinto il messaggio (REJECTED): il cittadino non risulta su IO o non accetta i messaggi di questo servizio',
    };
  }
  if (status === 'unknown') return { state: 'dead', error: 'App IO non trova più il messaggio che aveva accettato' };
  if (elapsed > STATUS_FOLLOW_MS) {
    return { state: 'dead', error: `App IO non ha comunicato l’esito entro 24 ore (ultimo stato: ${status ?? 'non letto'})` };
  }
  const wait = Math.min(Math.max(elapsed, FIRST_STATUS_CHECK_MS), MAX_STATUS_INTERVAL_MS);
  const throttled = run.throttledUntil.get(message.enteId) ?? 0;
  return { state: 'accepted', providerId: id, nextAttemptAt: new Date(Math.max(Date.now() + wait, throttled)), note };
}
