import { createHash } from 'node:crypto';

/** A SHA-256 digest in both encodings the formats ask for: hex (our columns, SacER's HashVersato) and base64 (Allegato 5). */
export interface Sha256 {
  hex: string;
  base64: string;
}

export function sha256Of(bytes: Uint8Array | string): Sha256 {
  const digest = createHash('sha256').update(bytes).digest();
  return { hex: digest.toString('hex'), base64: digest.toString('base64') };
}

/** A stored hex digest (receipts.original_sha256) as Sha256. */
export function sha256FromHex(hex: string): Sha256 {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('impronta SHA-256 non valida');
  return { hex: hex.toLowerCase(), base64: Buffer.from(hex, 'hex').toString('base64') };
}
