import { signPayload } from '@/lib/partners/signature';

/** Sends one signed body (through nginx, or to the handler in process) and gives back the answer. */
export type CallbackSender<A extends { status: number }> = (body: string, signature: string) => Promise<A>;

/** How one delivery ended: a 2xx (the partner forgets it), a 4xx other than 429 (refused), or out of time. */
export type DeliveryOutcome<A> = { kind: 'acknowledged'; answer: A } | { kind: 'refused'; answer: A } | { kind: 'deadline' };

export interface DeliveryHooks {
  /** Every answer, the retried ones included. */
  onAnswer?(status: number): void;
  /** A send that threw (a connection error): retried when this hook is given, otherwise the error propagates. */
  onSendError?(error: unknown): void;
  /** An attempt that failed and is about to be retried. */
  onRetry?(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers one callback as a partner does: signed afresh at each attempt (the signature carries a
 * timestamp), retried on 5xx (502 from nginx included) and 429 with capped exponential backoff and jitter,
 * so that many senders retrying together do not hit a recovering server in step.
 */
export async function deliverLikePartner<A extends { status: number }>(
  send: CallbackSender<A>,
  delivery: { body: string; secret: string },
  deadline: number,
  hooks: DeliveryHooks = {},
): Promise<DeliveryOutcome<A>> {
  for (let attempt = 0; Date.now() <= deadline; attempt++) {
    let answer: A | undefined;
    try {
      answer = await send(delivery.body, signPayload(delivery.secret, delivery.body, Math.floor(Date.now() / 1000)));
    } catch (error) {
      if (!hooks.onSendError) throw error;
      hooks.onSendError(error);
    }
    if (answer) {
      hooks.onAnswer?.(answer.status);
      if (answer.status >= 200 && answer.status < 300) return { kind: 'acknowledged', answer };
      if (answer.status < 500 && answer.status !== 429) return { kind: 'refused', answer };
    }
    hooks.onRetry?.();
    await sleep(Math.min(1000, 25 * 2 ** attempt) * (0.5 + Math.random()));
  }
  return { kind: 'deadline' };
}
