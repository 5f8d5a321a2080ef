import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { receiptChainHeads } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import { GENESIS_HASH } from './hash-chain';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

interface HeadPosition {
  seq: number;
  hash: string;
}

/**
 * An Ente's chain head, row-locked for the rest of the transaction. Appends move it in memory and `save`
 * writes it once: a batch of receipts costs one lock and one update of the head rows, however many Enti
 * it spans (group commit).
 */
export class ChainHead {
  private constructor(
    readonly enteId: string,
    private current: HeadPosition,
    private savedSeq: number,
  ) {}

  /**
   * The heads of `enteIds`, created at genesis when missing, locked in one statement in Ente id order. The
   * row lock is what keeps two appends from forking a chain, whoever holds the sequencing right.
   */
  static async lock(tx: Tx, enteIds: readonly string[]): Promise<ChainHead[]> {
    const ids = [...new Set(enteIds)].sort();
    const list = JSON.stringify(ids);
    // The inserted rows are locked by their insert; the statement's snapshot does not see them in `existing`.
    const rows = rowsOf<{ enteId: string; lastSeq: string | number; lastHash: string }>(
      await tx.execute(sql`
        with wanted as (select value::uuid as ente_id from jsonb_array_elements_text(${list}::jsonb)),
        created as (
          insert into ${receiptChainHeads} (ente_id, last_seq, last_hash)
          select ente_id, 0, ${GENESIS_HASH} from wanted
          on conflict do nothing
          returning ente_id, last_seq, last_hash),
        existing as (
          select h.ente_id, h.last_seq, h.last_hash from ${receiptChainHeads} h
          where h.ente_id in (select ente_id from wanted)
          order by h.ente_id
          for update)
        select ente_id::text as "enteId", last_seq as "lastSeq", last_hash as "lastHash" from existing
        union all
        select ente_id::text, last_seq, last_hash from created`),
    );
    const byEnte = new Map(rows.map((row) => [row.enteId, row]));
    return enteIds.map((enteId) => {
      const row = byEnte.get(enteId)!;
      const seq = Number(row.lastSeq);
      return new ChainHead(enteId, { seq, hash: row.lastHash }, seq);
    });
  }

  /** Writes the heads that moved, in one statement. */
  static async save(tx: Tx, heads: readonly ChainHead[]): Promise<void> {
    const moved = heads.filter((head) => head.current.seq !== head.savedSeq);
    if (moved.length === 0) return;
    const rows = moved.map((head) => sql`(${head.enteId}::uuid, ${head.current.seq}::bigint, ${head.current.hash}::char(64))`);
    await tx.execute(sql`
      update ${receiptChainHeads} set last_seq = v.seq, last_hash = v.hash
      from (values ${sql.join(rows, sql`, `)}) as v(ente_id, seq, hash)
      where ${receiptChainHeads.enteId} = v.ente_id`);
    for (const head of moved) head.savedSeq = head.current.seq;
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
}
