import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { receiptChainHeads } from '@/db/schema';
import { GENESIS_HASH } from './hash-chain';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

interface HeadPosition {
  seq: number;
  hash: string;
}

/**
 * An Ente's chain head, row-locked for the rest of the transaction. Appends move it in memory and `save`
 * writes it once: a batch of receipts costs one lock and one update of the head row (group commit).
 */
export class ChainHead {
  private constructor(
    readonly enteId: string,
    private current: HeadPosition,
    private savedSeq: number,
  ) {}

  /** The row lock is what keeps two appends from forking the chain, whoever holds the sequencing right. */
  static async lock(tx: Tx, enteId: string): Promise<ChainHead> {
    await tx.insert(receiptChainHeads).values({ enteId, lastSeq: 0, lastHash: GENESIS_HASH }).onConflictDoNothing();
    const [head] = await tx.select().from(receiptChainHeads).where(eq(receiptChainHeads.enteId, enteId)).for('update');
    return new ChainHead(enteId, { seq: head!.lastSeq, hash: head!.lastHash }, head!.lastSeq);
  }

  get seq(): number {
    return this.current.seq;
  }

  get hash(): string {
    return this.current.hash;
  }

  advance(seq: number, hash: string): void {
    this.current = { seq, hash };
  }

  /** Where the head is: taken before a step that may be rolled back to a savepoint, and given to `restore` if it is. */
  mark(): HeadPosition {
    return this.current;
  }

  restore(position: HeadPosition): void {
    this.current = position;
  }

  async save(tx: Tx): Promise<void> {
    if (this.current.seq === this.savedSeq) return;
    await tx
      .update(receiptChainHeads)
      .set({ lastSeq: this.current.seq, lastHash: this.current.hash })
      .where(eq(receiptChainHeads.enteId, this.enteId));
    this.savedSeq = this.current.seq;
  }
}
