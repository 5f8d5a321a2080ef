import { and, asc, desc, eq, gte, inArray, isNotNull, lt, not, or, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { auditLog, cartItems, carts, enti, positions, rateLimits, type Ente, type Position } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { logger } from '@/lib/logger';
import { partnerContext, type PartnerResolver } from '@/lib/partners/registry';
import type { NoticeStatus, PaymentPartner } from '@/lib/partners/types';
import { assertTransition } from '@/lib/positions/lifecycle';
import { bucketSql, hitRateLimit, windowStartOf, type RateLimitRule } from '@/lib/security/rate-limit';
import { recordReceipt } from './record-receipt';
import { italianDay } from '@/lib/format/date';
import { logPaymentStage } from './payment-log';

export type NoticeCheck = 'recovered' | 'already_recorded' | 'unpaid' | 'failed';

/** Asks the partner about one notice and, if it was paid, records the receipt (idempotent). */
export async function checkNoticeWithPartner(
  db: Database,
  resolvePartner: PartnerResolver,
  ente: Ente,
  position: Pick<Position, 'noticeNumber'>,
): Promise<NoticeCheck> {
  try {
    const status = await (await resolvePartner(ente)).fetchNoticeStatus(partnerContext(ente), position.noticeNumber);
    return await recordIfPaid(db, ente, position, status);
  } catch (error) {
    logFailedCheck(position, error);
    return 'failed';
  }
}

function logFailedCheck(position: Pick<Position, 'noticeNumber'>, error: unknown): void {
  logger.warn(
    { noticeNumber: position.noticeNumber, err: error instanceof Error ? error.message : String(error) },
    'verifica presso il partner non riuscita',
  );
}

async function recordIfPaid(
  db: Database,
  ente: Ente,
  position: Pick<Position, 'noticeNumber'>,
  status: NoticeStatus,
): Promise<NoticeCheck> {
  if (status.state !== 'paid') return 'unpaid';
  if (status.receipt.creditorFiscalCode !== ente.fiscalCode) {
    logger.warn({ noticeNumber: position.noticeNumber, enteId: ente.id }, 'il partner ha risposto con la ricevuta di un altro Ente');
    return 'failed';
  }
  const outcome = await recordReceipt(db, ente, ente.partner ?? 'sandbox', status.receipt);
  logPaymentStage('receipt_appended', { noticeNumbers: [position.noticeNumber] }, { source: 'recovery', outcome: outcome.kind });
  return outcome.kind === 'receipt_created' ? 'recovered' : 'already_recorded';
}

export interface StartedCartScan {
  /** Only carts started before this. */
  startedBefore: Date;
  /** Only carts started at or after this (none when absent). */
  startedFrom?: Date;
  order: 'newest' | 'oldest';
  pageSize: number;
}

export interface StartedCart {
  cartId: string;
  startedAt: Date;
  ente: Ente;
  /** The cart's notices that are not paid yet (valid or expired). */
  unpaid: Position[];
}

/**
 * Started carts page by page, keyset-paginated on (started_at, id). The cursor is compared with the
 * stored row itself, so the microseconds PostgreSQL keeps and a JavaScript Date drops cannot skip a cart.
 */
export async function* startedCarts(db: Database, scan: StartedCartScan): AsyncGenerator<StartedCart> {
  const newest = scan.order === 'newest';
  let cursor: string | null = null;
  for (;;) {
    const page: { id: string; startedAt: Date | null; ente: Ente }[] = await db
      .select({ id: carts.id, startedAt: carts.startedAt, ente: enti })
      .from(carts)
      .innerJoin(enti, eq(enti.id, carts.enteId))
      .where(
        and(
          eq(carts.status, 'started'),
          lt(carts.startedAt, scan.startedBefore),
          scan.startedFrom ? gte(carts.startedAt, scan.startedFrom) : undefined,
          cursor ? afterCart(cursor, newest) : undefined,
        ),
      )
      .orderBy(...(newest ? [desc(carts.startedAt), desc(carts.id)] : [asc(carts.startedAt), asc(carts.id)]))
      .limit(scan.pageSize);
    if (page.length === 0) return;
    const items = await db
      .select({ cartId: cartItems.cartId, position: positions })
      .from(cartItems)
      .innerJoin(positions, and(eq(positions.id, cartItems.positionId), eq(positions.enteId, cartItems.enteId)))
      .where(
        and(
          inArray(
            cartItems.cartId,
            page.map((c) => c.id),
          ),
          inArray(positions.status, ['valid', 'expired']),
        ),
      )
      .orderBy(asc(cartItems.addedAt), asc(positions.noticeNumber));
    for (const cart of page) {
      const unpaid = items.filter((i) => i.cartId === cart.id && i.position.enteId === cart.ente.id).map((i) => i.position);
      yield { cartId: cart.id, startedAt: cart.startedAt!, ente: cart.ente, unpaid };
    }
    if (page.length < scan.pageSize) return;
    cursor = page.at(-1)!.id;
  }
}

function afterCart(cartId: string, newest: boolean): SQL {
  const row = sql`(select c.started_at, c.id from ${carts} c where c.id = ${cartId})`;
  return newest ? sql`(${carts.startedAt}, ${carts.id}) < ${row}` : sql`(${carts.startedAt}, ${carts.id}) > ${row}`;
}

export interface RecoveryOptions {
  /** Carts started longer ago than this are no longer asked about (default RECOVERY_MAX_AGE_HOURS). */
  maxAgeHours?: number;
  pageSize?: number;
  /** At most this many partner queries per run. */
  maxChecks?: number;
}

/**
 * For carts whose checkout started more than `afterMinutes` ago and still lack receipts, ask the partner
 * for the status of each notice: a lost callback still ends in a receipt. The newest carts come first
 * and the work per run is bounded, so a pile of old abandoned carts cannot starve a recent paid one,
 * nor an Ente whose partner is down the other Enti.
 * Returns receipts recovered.
 */
export async function recoverMissingReceipts(
  db: Database,
  resolvePartner: PartnerResolver,
  afterMinutes: number,
  now = new Date(),
  options: RecoveryOptions = {},
): Promise<number> {
  const maxAgeHours = options.maxAgeHours ?? readConfig().RECOVERY_MAX_AGE_HOURS;
  let budget = options.maxChecks ?? 200;
  const asked = new Set<string>();
  let recovered = 0;
  // One failed question about an Ente's notice skips its other carts this run: a partner that is down
  // must not spend the whole budget.
  const unreachable = new Set<string>();
  const scan = startedCarts(db, {
    startedBefore: new Date(now.getTime() - afterMinutes * 60_000),
    startedFrom: new Date(now.getTime() - maxAgeHours * 3_600_000),
    order: 'newest',
    pageSize: options.pageSize ?? 100,
  });
  for await (const cart of scan) {
    for (const position of cart.unpaid) {
      if (budget <= 0) return recovered;
      if (asked.has(position.id) || unreachable.has(cart.ente.id)) continue;
      asked.add(position.id);
      budget--;
      const check = await checkNoticeWithPartner(db, resolvePartner, cart.ente, position);
      if (check === 'recovered') recovered++;
      if (check === 'failed') unreachable.add(cart.ente.id);
    }
  }
  return recovered;
}

/** At most one question per notice a day: GovPay asks not to poll its pendenze, and once a day catches a lost payment. */
export const OVERDUE_CHECK = { name: 'partner-status-check', limit: 1, windowSeconds: 24 * 3_600 } satisfies RateLimitRule;

export interface OverdueRecoveryOptions {
  /** Positions past their due date by more than this are no longer asked about (default 60). */
  overdueDays?: number;
  /** A payment attempt closed longer ago than this no longer counts (default RECOVERY_MAX_AGE_HOURS). */
  abandonedHours?: number;
  /** At most this many partner queries per run. */
  maxChecks?: number;
}

/**
 * Notices paid at a PSP or in IO whose receipt never reached us (no push, no cart of ours): asks the
 * partner ('status' capability) about registered positions still valid that are past their due date or
 * whose payment attempt was abandoned (a cart closed as cancelled, failed or expired), newest first,
 * each at most once a day and a bounded number per run. A paid one gets its receipt; one the partner
 * reports cancelled or expired is closed here too. Positions in a started cart are left to
 * recoverMissingReceipts. As there, an Ente whose partner fails once is skipped for the rest of the run.
 * Returns how many positions changed (paid or closed).
 */
export async function recoverOverduePositions(
  db: Database,
  resolvePartner: PartnerResolver,
  now = new Date(),
  options: OverdueRecoveryOptions = {},
): Promise<number> {
  let budget = options.maxChecks ?? 100;
  const today = italianDay(now);
  const oldestDue = italianDay(new Date(now.getTime() - (options.overdueDays ?? 60) * 86_400_000));
  const abandonedSince = new Date(now.getTime() - (options.abandonedHours ?? readConfig().RECOVERY_MAX_AGE_HOURS) * 3_600_000);
  const windowStart = windowStartOf(OVERDUE_CHECK, now).toISOString();
  const attempt = (statuses: SQL) => sql`exists (
    select 1 from ${cartItems} ci join ${carts} c on c.id = ci.cart_id
    where ci.position_id = ${positions.id} and ${statuses})`;
  const candidates = await db
    .select({ position: positions, ente: enti })
    .from(positions)
    .innerJoin(enti, eq(enti.id, positions.enteId))
    .where(
      and(
        eq(positions.status, 'valid'),
        isNotNull(positions.registeredAt),
        or(
          and(lt(positions.dueDate, today), gte(positions.dueDate, oldestDue)),
          attempt(sql`c.status in ('cancelled', 'failed', 'expired') and c.closed_at >= ${abandonedSince.toISOString()}::timestamptz`),
        ),
        not(attempt(sql`c.status = 'started'`)),
        sql`not exists (select 1 from ${rateLimits} r
          where r.bucket = ${bucketSql(OVERDUE_CHECK, sql`${positions.id}::text`)} and r.window_start = ${windowStart}::timestamptz)`,
      ),
    )
    .orderBy(desc(positions.createdAt), desc(positions.id))
    .limit(budget * 2);
  const partners = new Map<string, PaymentPartner | null>();
  const unreachable = new Set<string>();
  let changed = 0;
  for (const { position, ente } of candidates) {
    if (budget <= 0) break;
    if (unreachable.has(ente.id)) continue;
    if (!partners.has(ente.id)) {
      try {
        const partner = await resolvePartner(ente);
        partners.set(ente.id, partner.capabilities.has('status') ? partner : null);
      } catch (error) {
        logFailedCheck(position, error);
        unreachable.add(ente.id);
        continue;
      }
    }
    const partner = partners.get(ente.id);
    if (!partner) continue;
    if (!(await hitRateLimit(db, OVERDUE_CHECK, position.id, now)).ok) continue;
    budget--;
    try {
      const status = await partner.fetchNoticeStatus(partnerContext(ente), position.noticeNumber);
      if (status.state === 'cancelled' || status.state === 'expired') {
        if (await closeAsPartnerSays(db, ente.id, position.id, status.state)) changed++;
        continue;
      }
      const check = await recordIfPaid(db, ente, position, status);
      if (check === 'recovered') changed++;
      if (check === 'failed') unreachable.add(ente.id);
    } catch (error) {
      logFailedCheck(position, error);
      unreachable.add(ente.id);
    }
  }
  if (changed > 0) logger.info({ changed }, 'posizioni scadute o in sospeso verificate presso il partner');
  return changed;
}

/** The partner no longer lets it be paid: so it is here too, already withdrawn there (no invalidation job). */
async function closeAsPartnerSays(db: Database, enteId: string, positionId: string, state: 'cancelled' | 'expired'): Promise<boolean> {
  assertTransition('valid', state);
  return db.transaction(async (tx) => {
    const now = new Date();
    const [closed] = await tx
      .update(positions)
      .set({
        status: state,
        partnerInvalidatedAt: now,
        updatedAt: now,
        ...(state === 'cancelled' ? { cancelledAt: now, cancelReason: 'Annullata presso il partner tecnologico' } : {}),
      })
      .where(and(eq(positions.enteId, enteId), eq(positions.id, positionId), eq(positions.status, 'valid')))
      .returning({ id: positions.id, noticeNumber: positions.noticeNumber });
    if (!closed) return false;
    await tx.insert(auditLog).values({
      enteId,
      action: state === 'cancelled' ? 'posizione_annullata_partner' : 'posizione_scaduta_partner',
      targetType: 'position',
      targetId: closed.id,
      details: { noticeNumber: closed.noticeNumber, note: 'Stato comunicato dal partner durante la verifica dei pagamenti' },
    });
    return true;
  });
}
