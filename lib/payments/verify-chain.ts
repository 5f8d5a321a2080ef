import { createHash } from 'node:crypto';
import { asc, eq, gt, and } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, receiptChainHeads, receipts, type Receipt } from '@/db/schema';
import type { ChainAnchor } from '@/lib/ledger/anchors';
import { FLAGGED_RECEIPTS_HASH_VERSION, GENESIS_HASH, isKnownHashVersion, receiptHash } from './hash-chain';

export interface ChainProblem {
  enteSlug: string;
  seq: number | null;
  receiptId: string | null;
  problem: string;
}

/** The last receipt of one Ente's chain, as found while verifying it. */
export interface VerifiedHead {
  enteId: string;
  enteSlug: string;
  enteFiscalCode: string;
  seq: number;
  hash: string;
  /** No problem was found in this Ente's chain. */
  intact: boolean;
}

export interface ChainReport {
  entiChecked: number;
  receiptsChecked: number;
  anchorsChecked: number;
  problems: ChainProblem[];
  /** One per Ente with at least one receipt. */
  heads: VerifiedHead[];
}

const PAGE = 1000;

/**
 * Recomputes every Ente's receipt chain from the stored rows: each hash must match its content and the
 * previous hash, sequence numbers must have no gaps, and the head must point at the last receipt.
 * With `anchors` (chain heads signed and kept outside the database) every anchored receipt must still be
 * there with the anchored hash: this catches a chain rewritten consistently, hashes and head included.
 */
export async function verifyReceiptChains(db: Database, options: { anchors?: readonly ChainAnchor[] } = {}): Promise<ChainReport> {
  const report: ChainReport = { entiChecked: 0, receiptsChecked: 0, anchorsChecked: 0, problems: [], heads: [] };
  const anchorsByEnte = groupAnchors(options.anchors ?? []);
  const list = await db.select({ id: enti.id, slug: enti.slug, fiscalCode: enti.fiscalCode }).from(enti).orderBy(asc(enti.slug));
  for (const ente of list) {
    report.entiChecked++;
    const problemsBefore = report.problems.length;
    const anchored = anchorsByEnte.get(ente.id) ?? new Map<number, ChainAnchor[]>();
    anchorsByEnte.delete(ente.id);
    let prevHash = GENESIS_HASH;
    let prevVersion = 0;
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
        const problem = (text: string) =>
          report.problems.push({ enteSlug: ente.slug, seq: row.seq, receiptId: row.receiptId, problem: text });
        if (row.seq !== expectedSeq) problem(`sequenza interrotta: atteso ${expectedSeq}, trovato ${row.seq}`);
        if (row.prevHash !== prevHash) problem("l'hash precedente non corrisponde alla ricevuta precedente");
        if (!isKnownHashVersion(row.hashVersion)) {
          problem(`versione di hash sconosciuta (${row.hashVersion})`);
        } else {
          // Older schemes are only for receipts written before the newer one existed.
          if (row.hashVersion < prevVersion) problem(`versione di hash ${row.hashVersion} dopo una ricevuta in versione ${prevVersion}`);
          if (receiptHash(row.prevHash, row) !== row.hash) problem('il contenuto non corrisponde al suo hash: ricevuta alterata');
          // Before v3 nothing paid was unflagged: a flagged receipt under an older scheme had its flag added or relabelled.
          if ((row.anomaly !== null || row.positionId === null) && row.hashVersion < FLAGGED_RECEIPTS_HASH_VERSION)
            problem(`ricevuta segnalata come anomalia con la versione di hash ${row.hashVersion}, che non copre la segnalazione`);
        }
        const original = originalProblem(row);
        if (original) problem(original);
        for (const anchor of anchored.get(row.seq) ?? []) {
          report.anchorsChecked++;
          if (anchor.hash !== row.hash) problem(`l'hash non corrisponde a quello ancorato il ${anchor.anchoredAt}: catena riscritta`);
        }
        anchored.delete(row.seq);
        prevHash = row.hash;
        prevVersion = Math.max(prevVersion, row.hashVersion);
        expectedSeq = row.seq + 1;
        lastSeq = row.seq;
      }
      if (page.length < PAGE) break;
    }
    for (const [seq, anchors] of anchored) {
      report.anchorsChecked += anchors.length;
      report.problems.push({
        enteSlug: ente.slug,
        seq,
        receiptId: null,
        problem: `la ricevuta ancorata il ${anchors[0]!.anchoredAt} non esiste più: ricevute rimosse`,
      });
    }
    const [head] = await db.select().from(receiptChainHeads).where(eq(receiptChainHeads.enteId, ente.id));
    const headSeq = head?.lastSeq ?? 0;
    const headHash = head?.lastHash ?? GENESIS_HASH;
    if (headSeq !== lastSeq || headHash !== prevHash) {
      report.problems.push({
        enteSlug: ente.slug,
        seq: null,
        receiptId: null,
        problem: `la testa della catena (n. ${headSeq}) non corrisponde all'ultima ricevuta (n. ${lastSeq}): ricevute rimosse?`,
      });
    }
    if (lastSeq > 0) {
      report.heads.push({
        enteId: ente.id,
        enteSlug: ente.slug,
        enteFiscalCode: ente.fiscalCode,
        seq: lastSeq,
        hash: prevHash,
        intact: report.problems.length === problemsBefore,
      });
    }
  }
  for (const anchors of anchorsByEnte.values()) {
    for (const [seq, list] of anchors) {
      report.anchorsChecked += list.length;
      const anchor = list[0]!;
      report.problems.push({
        enteSlug: anchor.enteSlug,
        seq,
        receiptId: null,
        problem: `Ente ancorato (${anchor.enteFiscalCode}) assente dal database`,
      });
    }
  }
  return report;
}

/**
 * The original document is outside the hashed material (only its digest is hashed): it must still have
 * that digest. A document without a digest, or a digest without its document, is an alteration too.
 */
function originalProblem(row: Pick<Receipt, 'originalDocument' | 'originalSha256'>): string | null {
  if (row.originalDocument === null && row.originalSha256 === null) return null;
  if (row.originalDocument === null) return 'il documento originale della ricevuta manca: ricevuta alterata';
  if (row.originalSha256 !== createHash('sha256').update(row.originalDocument).digest('hex')) {
    return 'il documento originale non corrisponde alla sua impronta SHA-256: ricevuta alterata';
  }
  return null;
}

function groupAnchors(anchors: readonly ChainAnchor[]): Map<string, Map<number, ChainAnchor[]>> {
  const byEnte = new Map<string, Map<number, ChainAnchor[]>>();
  for (const anchor of anchors) {
    const bySeq = byEnte.get(anchor.enteId) ?? new Map<number, ChainAnchor[]>();
    byEnte.set(anchor.enteId, bySeq);
    bySeq.set(anchor.seq, [...(bySeq.get(anchor.seq) ?? []), anchor]);
  }
  return byEnte;
}
