import { metrics } from '@/lib/metrics/registry';

/*
 * What the metrics learn of each receipt the sequencer appends. The sequencer may run in a thread of its own
 * (sequencer-thread.ts), whose metrics registry nobody scrapes: there the sink is replaced by one that posts the
 * receipts to the main thread, which counts them here.
 */

export interface AppendedReceipt {
  partner: string;
  /** From the acknowledgement (the entry's received_at) to the commit of its batch. */
  ackToReceiptSeconds: number;
}

export function countAppendedReceipts(receipts: readonly AppendedReceipt[]): void {
  for (const receipt of receipts) {
    metrics().receiptsCreated.inc({ partner: receipt.partner });
    metrics().ackToReceipt.observe(receipt.ackToReceiptSeconds);
  }
}

type Sink = (receipts: readonly AppendedReceipt[]) => void;

let sink: Sink = countAppendedReceipts;

/** Called by the sequencer after each batch's commit. */
export function reportAppendedReceipts(receipts: readonly AppendedReceipt[]): void {
  sink(receipts);
}

/** For the sequencer's thread only. */
export function setAppendedReceiptsSink(replacement: Sink): void {
  sink = replacement;
}
