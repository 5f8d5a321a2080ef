import { and, asc, eq, gt, gte } from 'drizzle-orm';
import type { Database } from '@/db';
import { positions, receipts, receiptSummaryColumns, services, type ReceiptSummary } from '@/db/schema';

export interface FeedReceipt {
  receipt: ReceiptSummary;
  externalId: string | null;
  serviceCode: string | null;
}

/**
 * One Ente's receipts in the order they were recorded, for the Ente's systems to follow, flagged ones
 * included (they say why they paid nothing; one of an unknown notice has no position). Keyed on the
 * chain sequence (unique per Ente, never reused, receipts are never deleted): a page boundary is stable
 * even when receipts share a timestamp, and a receipt recorded later always lands on a later page.
 */
export async function listReceiptFeed(
  db: Database,
  enteId: string,
  options: { since?: Date; afterSeq?: number; limit: number },
): Promise<{ items: FeedReceipt[]; nextSeq: number | null }> {
  const rows = await db
    .select({ receipt: receiptSummaryColumns, externalId: positions.externalId, serviceCode: services.code })
    .from(receipts)
    .leftJoin(positions, and(eq(positions.id, receipts.positionId), eq(positions.enteId, enteId)))
    .leftJoin(services, and(eq(services.id, positions.serviceId), eq(services.enteId, enteId)))
    .where(
      and(
        eq(receipts.enteId, enteId),
        options.since ? gte(receipts.createdAt, options.since) : undefined,
        options.afterSeq !== undefined ? gt(receipts.seq, options.afterSeq) : undefined,
      ),
    )
    .orderBy(asc(receipts.seq))
    .limit(options.limit + 1);
  const items = rows.slice(0, options.limit);
  return { items, nextSeq: rows.length > options.limit ? items[items.length - 1]!.receipt.seq : null };
}
