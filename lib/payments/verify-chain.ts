import { asc, eq, gt, and } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, receiptChainHeads, receipts } from '@/db/schema';
import { GENESIS_HASH, receiptHash } from './hash-chain';

export interface ChainProblem {
  enteSlug: string;
  seq: number | null;
  receiptId: string | null;
  problem: string;
}

export interface ChainReport {
  entiChecked: number;
  receiptsChecked: number;
  problems: ChainProblem[];
}

const PAGE = 1000;

/**
 * Recomputes every Ente's receipt chain from the stored rows: each hash must match its content and the
 * previous hash, sequence numbers must have no gaps, and the head must point at the last receipt.
 */
export async function verifyReceiptChains(db: Database): Promise<ChainReport> {
  const report: ChainReport = { entiChecked: 0, receiptsChecked: 0, problems: [] };
  const list = await db.select({ id: enti.id, slug: enti.slug }).from(enti).orderBy(asc(enti.slug));
  for (const ente of list) {
    report.entiChecked++;
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let lastSeq = 0;
    for (;;) {
      const page = await db
        .select()
        .from(receipts)
        .where(and(eq(receipts.enteId, ente.id), gt(receipts.seq, lastSeq)))
        .orderBy(asc(receipts.seq))
        .limit(PAGE);
      for (const row of page) {
        report.receiptsChecked++;
        const problem = (text: string) => report.problems.push({ enteSlug: ente.slug, seq: row.seq, receiptId: row.receiptId, problem: text });
        if (row.seq !== expectedSeq) problem(`sequenza interrotta: atteso ${expectedSeq}, trovato ${row.seq}`);
        if (row.prevHash !== prevHash) problem("l'hash precedente non corrisponde alla ricevuta precedente");
        if (receiptHash(row.prevHash, row) !== row.hash) problem('il contenuto non corrisponde al suo hash: ricevuta alterata');
        prevHash = row.hash;
        expectedSeq = row.seq + 1;
        lastSeq = row.seq;
      }
      if (page.length < PAGE) break;
    }
    const [head] = await db.select().from(receiptChainHeads).where(eq(receiptChainHeads.enteId, ente.id));
    const headSeq = head?.lastSeq ?? 0;
    const headHash = head?.lastHash ?? GENESIS_HASH;
    if (headSeq !== lastSeq || headHash !== prevHash) {
      report.problems.push({ enteSlug: ente.slug, seq: null, receiptId: null, problem: `la testa della catena (n. ${headSeq}) non corrisponde all'ultima ricevuta (n. ${lastSeq}): ricevute rimosse?` });
    }
  }
  return report;
}
