import { sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Database } from '@/db';
import { canonicalJson } from '@/lib/payments/hash-chain';
import { verifyReceiptChains, type ChainProblem } from '@/lib/payments/verify-chain';
import { anchorKeyId } from './anchor-keys';

/** Format tag of an anchor line; it is part of what is signed, so a signature means nothing elsewhere. */
export const ANCHOR_FORMAT = 'portale-pagamenti:anchor:v1';

const anchorSchema = z.strictObject({
  format: z.literal(ANCHOR_FORMAT, { message: `formato diverso da ${ANCHOR_FORMAT}` }),
  enteId: z.uuid({ message: "l'identificativo dell'Ente non è un UUID" }),
  enteFiscalCode: z.string().regex(/^[0-9]{11}$/, "il codice fiscale dell'Ente deve avere 11 cifre"),
  enteSlug: z.string().min(1).max(63),
  seq: z.number().int().positive('il numero di sequenza deve essere positivo'),
  hash: z.string().regex(/^[0-9a-f]{64}$/, "l'hash deve avere 64 cifre esadecimali"),
  anchoredAt: z.iso.datetime({ message: "la data dell'ancoraggio non è ISO 8601" }),
  keyId: z.string().regex(/^[0-9a-f]{16}$/, "l'impronta della chiave deve avere 16 cifre esadecimali"),
});

const signedAnchorSchema = anchorSchema.extend({ signature: z.base64({ message: 'la firma non è in base64' }) });

/** One Ente's chain head at a moment, as signed in an anchor line. */
export type ChainAnchor = z.infer<typeof anchorSchema>;

export interface AnchorLineProblem {
  line: number;
  problem: string;
}

/** One JSON line: the canonical anchor plus its Ed25519 signature over exactly that canonical text. */
export function signAnchor(head: Omit<ChainAnchor, 'format' | 'keyId'>, privateKey: KeyObject): string {
  const anchor: ChainAnchor = { format: ANCHOR_FORMAT, ...head, keyId: anchorKeyId(privateKey) };
  const signature = sign(null, Buffer.from(canonicalJson(anchor)), privateKey).toString('base64');
  return canonicalJson({ ...anchor, signature });
}

/**
 * Parses an anchor file and keeps only the lines signed by `publicKey`; every other line is a problem
 * (a forged or edited line is as alarming as a rewritten chain). Blank lines are ignored.
 */
export function readAnchors(text: string, publicKey: KeyObject): { anchors: ChainAnchor[]; problems: AnchorLineProblem[] } {
  const anchors: ChainAnchor[] = [];
  const problems: AnchorLineProblem[] = [];
  const keyId = anchorKeyId(publicKey);
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      problems.push({ line, problem: 'non è JSON valido' });
      return;
    }
    const parsed = signedAnchorSchema.safeParse(json);
    if (!parsed.success) {
      problems.push({ line, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'riga'}: ${i.message}`).join('; ') });
      return;
    }
    const { signature, ...anchor } = parsed.data;
    if (anchor.keyId !== keyId) {
      problems.push({ line, problem: `firmata con un'altra chiave (${anchor.keyId}, attesa ${keyId})` });
      return;
    }
    if (!verify(null, Buffer.from(canonicalJson(anchor)), publicKey, Buffer.from(signature, 'base64'))) {
      problems.push({ line, problem: 'firma non valida: riga alterata o non emessa da questo portale' });
      return;
    }
    anchors.push(anchor);
  });
  return { anchors, problems };
}

/**
 * Verifies every chain, then signs the head of each intact one. A chain with problems is not anchored
 * (that would vouch for the alteration): it is returned among `refused`.
 */
export async function anchorChainHeads(
  db: Database,
  privateKey: KeyObject,
  now: Date = new Date(),
): Promise<{ lines: string[]; refused: ChainProblem[] }> {
  const report = await verifyReceiptChains(db);
  const lines = report.heads
    .filter((head) => head.intact)
    .map((head) =>
      signAnchor(
        {
          enteId: head.enteId,
          enteFiscalCode: head.enteFiscalCode,
          enteSlug: head.enteSlug,
          seq: head.seq,
          hash: head.hash,
          anchoredAt: now.toISOString(),
        },
        privateKey,
      ),
    );
  return { lines, refused: report.problems };
}
