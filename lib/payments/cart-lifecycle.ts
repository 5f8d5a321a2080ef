import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { carts } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { logger } from '@/lib/logger';
import type { PartnerResolver } from '@/lib/partners/registry';
import { uuidSchema } from '@/lib/validation/ids';
import { checkNoticeWithPartner, startedCarts } from './recovery';

/*
 * A started cart always ends: paid (a receipt for every notice), cancelled or failed (the partner sent
 * the payer back so), or expired (no receipt after CHECKOUT_TIMEOUT_MINUTES). Only `started` moves to
 * cancelled, failed or expired; a receipt that arrives later still pays its notice and then its cart.
 */

/**
 * The payer came back from the checkout with "annullato" or "errore". The return is not proof of
 * anything, so it only closes a still-started cart of this Ente; a paid cart stays paid. Idempotent.
 * Returns whether the cart was closed by this call.
 */
export async function closeCartOnReturn(db: Database, enteId: string, cartId: string, outcome: 'annullato' | 'errore'): Promise<boolean> {
  if (!uuidSchema.safeParse(cartId).success || !uuidSchema.safeParse(enteId).success) return false;
  const closed = await db
    .update(carts)
    .set({ status: outcome === 'annullato' ? 'cancelled' : 'failed', closedAt: sql`now()` })
    .where(and(eq(carts.id, cartId), eq(carts.enteId, enteId), eq(carts.status, 'started')))
    .returning({ id: carts.id });
  return closed.length > 0;
}

export interface ExpiryOptions {
  /** Default CHECKOUT_TIMEOUT_MINUTES. */
  timeoutMinutes?: number;
  /** A cart started longer ago than this is expired without asking (default RECOVERY_MAX_AGE_HOURS). */
  maxAgeHours?: number;
  pageSize?: number;
  /** At most this many partner queries per run. */
  maxChecks?: number;
}

/**
 * Closes as `expired` the started carts with no receipt after the checkout timeout, oldest first. The
 * partner is asked first: a notice it reports paid gets its receipt (and the cart becomes paid). A cart
 * the partner could not be asked about stays started for the next run, until it is older than the
 * recovery age cap. Returns how many carts expired.
 */
export async function expireTimedOutCarts(
  db: Database,
  resolvePartner: PartnerResolver,
  now = new Date(),
  options: ExpiryOptions = {},
): Promise<number> {
  const config = readConfig();
  const maxAgeMs = (options.maxAgeHours ?? config.RECOVERY_MAX_AGE_HOURS) * 3_600_000;
  let budget = options.maxChecks ?? 200;
  let expired = 0;
  // As in recovery: after one failed question, an Ente's other carts wait for the next run.
  const unreachable = new Set<string>();
  const scan = startedCarts(db, {
    startedBefore: new Date(now.getTime() - (options.timeoutMinutes ?? config.CHECKOUT_TIMEOUT_MINUTES) * 60_000),
    order: 'oldest',
    pageSize: options.pageSize ?? 100,
  });
  for await (const cart of scan) {
    if (now.getTime() - cart.startedAt.getTime() < maxAgeMs) {
      if (unreachable.has(cart.ente.id)) continue;
      if (budget < cart.unpaid.length) break;
      budget -= cart.unpaid.length;
      let answered = true;
      for (const position of cart.unpaid) {
        if (answered && (await checkNoticeWithPartner(db, resolvePartner, cart.ente, position)) === 'failed') answered = false;
      }
      if (!answered) {
        unreachable.add(cart.ente.id);
        continue;
      }
    }
    if (await expireCart(db, cart.cartId)) expired++;
  }
  if (expired > 0) logger.info({ expired }, 'pagamenti non conclusi chiusi come scaduti');
  return expired;
}

/** Only a cart still started: a receipt recorded meanwhile has made it paid. */
async function expireCart(db: Database, cartId: string): Promise<boolean> {
  const closed = await db
    .update(carts)
    .set({ status: 'expired', closedAt: sql`now()` })
    .where(and(eq(carts.id, cartId), eq(carts.status, 'started')))
    .returning({ id: carts.id });
  return closed.length > 0;
}
