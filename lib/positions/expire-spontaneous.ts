import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, cartItems, carts, positions, receipts } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { enqueueInvalidations } from './invalidate';
import { assertTransition } from './lifecycle';

export interface SpontaneousExpiryOptions {
  /** SPONTANEOUS_TTL_HOURS. */
  ttlHours: number;
  /** CHECKOUT_TIMEOUT_MINUTES: an open cart filled more recently may be on its way to the checkout. */
  checkoutTimeoutMinutes: number;
  /** At most this many positions per run (oldest first); the next run goes on. */
  limit?: number;
}

/**
 * Expires the spontaneous positions nobody paid within SPONTANEOUS_TTL_HOURS and queues their
 * invalidation at the partner. Spontaneous means started by a citizen from a service page (`channel =
 * 'citizen'`; debts issued by the Ente at the counter, by the API or an import are chased, never expired):
 *   - still `valid`, no due date, channel citizen (positions_valid_spontaneous_idx), created before the TTL;
 *   - no receipt (a paid position is `paid` anyway: this guards against a receipt recorded in between);
 *   - in no cart that is still `started` (its outcome is unknown until the checkout timeout closes it, after
 *     asking the partner), nor added within CHECKOUT_TIMEOUT_MINUTES to an open cart (about to be paid).
 * A receipt that arrives after the expiry still pays the position (lifecycle: expired → paid).
 * Returns how many positions expired.
 */
export async function expireAbandonedSpontaneous(db: Database, now: Date, options: SpontaneousExpiryOptions): Promise<number> {
  assertTransition('valid', 'expired');
  const createdBefore = new Date(now.getTime() - options.ttlHours * 3_600_000).toISOString();
  const addedSince = new Date(now.getTime() - options.checkoutTimeoutMinutes * 60_000).toISOString();
  const expired = await db.transaction(async (tx) => {
    const rows = rowsOf<{ id: string; ente_id: string }>(
      await tx.execute(sql`
        with abandoned as (
          select p.id from ${positions} p
          where p.status = 'valid' and p.due_date is null and p.channel = 'citizen' and p.created_at < ${createdBefore}::timestamptz
            and not exists (select 1 from ${receipts} r where r.position_id = p.id)
            and not exists (
              select 1 from ${cartItems} ci join ${carts} c on c.id = ci.cart_id
              where ci.position_id = p.id
                and (c.status = 'started' or (c.status = 'open' and ci.added_at >= ${addedSince}::timestamptz)))
          order by p.created_at
          limit ${options.limit ?? 500}
          for update of p skip locked
        )
        update ${positions} p set status = 'expired', updated_at = now()
        from abandoned where p.id = abandoned.id and p.status = 'valid'
        returning p.id, p.ente_id`),
    );
    if (!rows.length) return rows;
    const hours = options.ttlHours;
    await tx.insert(auditLog).values(
      rows.map((r) => ({
        enteId: r.ente_id,
        action: 'posizione_scaduta',
        targetType: 'position',
        targetId: r.id,
        details: { note: `Nessun pagamento entro ${hours} ${hours === 1 ? 'ora' : 'ore'} dalla creazione` },
      })),
    );
    const byEnte = new Map<string, string[]>();
    for (const r of rows) byEnte.set(r.ente_id, [...(byEnte.get(r.ente_id) ?? []), r.id]);
    for (const [enteId, ids] of byEnte) await enqueueInvalidations(tx, enteId, ids);
    return rows;
  });
  if (expired.length) logger.info({ expired: expired.length }, 'pagamenti spontanei non conclusi: posizioni scadute');
  return expired.length;
}
