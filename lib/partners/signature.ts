import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed callbacks: `X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + raw body bytes)>`.
 * The timestamp is inside the MAC, so a captured signature cannot be replayed with a fresh timestamp,
 * and an old one is refused after the tolerance. During a secret rotation the partner sends one `v1=`
 * per secret it holds: any of them may match. Hex is accepted in either case.
 */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** More would only make a forger's guesses cheaper: a rotation needs two. */
const MAX_SIGNATURES = 5;
const MAX_HEADER_LENGTH = 1024;

function mac(secret: string, rawBody: Buffer | string, timestamp: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

export function signPayload(secret: string, rawBody: Buffer | string, timestamp: number): string {
  return `t=${timestamp},v1=${mac(secret, rawBody, String(timestamp)).toString('hex')}`;
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

interface ParsedHeader {
  timestamp: string;
  signatures: Buffer[];
}

function parseHeader(header: string): ParsedHeader | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  const timestamps: string[] = [];
  const signatures: Buffer[] = [];
  for (const piece of header.split(',')) {
    const [key, value] = piece.trim().split('=', 2);
    if (key === 't' && value !== undefined) timestamps.push(value);
    else if (key === 'v1' && value !== undefined) {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return null;
      signatures.push(Buffer.from(value, 'hex'));
    }
    // Other schemes (a future v2) are ignored, so that a partner can add one before we support it.
  }
  const [timestamp] = timestamps;
  if (timestamps.length !== 1 || !timestamp || !/^\d{1,12}$/.test(timestamp)) return null;
  if (signatures.length === 0 || signatures.length > MAX_SIGNATURES) return null;
  return { timestamp, signatures };
}

export function verifySignature(
  secret: string,
  rawBody: Buffer | string,
  header: string | null,
  nowSeconds = Math.floor(Date.now() / 1000),
): SignatureCheck {
  if (!header) return { ok: false, reason: 'firma mancante' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'firma malformata' };
  if (Math.abs(nowSeconds - Number(parsed.timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false, reason: 'firma scaduta' };
  const expected = mac(secret, rawBody, parsed.timestamp);
  // Every candidate is compared, so the time taken does not say which one matched.
  const matches = parsed.signatures.filter((given) => timingSafeEqual(given, expected)).length;
  return matches > 0 ? { ok: true } : { ok: false, reason: 'firma non valida' };
}
