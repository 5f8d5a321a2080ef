import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { partnerSecretsKey } from '@/lib/config';

/*
 * The partners' outbound credentials at rest: AES-256-GCM under a key derived from PARTNER_SECRETS_KEY.
 * Layout: version byte (1) ‖ 12-byte IV ‖ 16-byte tag ‖ ciphertext. The Ente id is bound as associated
 * data, so a ciphertext copied onto another Ente's row does not decrypt.
 */

const VERSION = 1;

function key(material: string): Buffer {
  return Buffer.from(hkdfSync('sha256', material, 'portale-pagamenti', 'partner-secrets:v1', 32));
}

export function encryptSecrets(enteId: string, secrets: Record<string, string>, material = partnerSecretsKey()): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(material), iv);
  cipher.setAAD(Buffer.from(enteId));
  const body = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export class SecretsUnreadableError extends Error {
  constructor() {
    super('Credenziali del partner illeggibili: PARTNER_SECRETS_KEY è cambiata? Vanno reinserite.');
    this.name = 'SecretsUnreadableError';
  }
}

export function decryptSecrets(enteId: string, blob: Buffer, material = partnerSecretsKey()): Record<string, string> {
  try {
    if (blob[0] !== VERSION) throw new Error('version');
    const decipher = createDecipheriv('aes-256-gcm', key(material), blob.subarray(1, 13));
    decipher.setAAD(Buffer.from(enteId));
    decipher.setAuthTag(blob.subarray(13, 29));
    const text = Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, string>;
  } catch {
    throw new SecretsUnreadableError();
  }
}

/** The inbound credential a partner presents to us: random, so a plain SHA-256 is enough to store it. */
export function newInboundSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored digest in constant time. */
export function matchesDigest(presented: string, digestHex: string): boolean {
  const a = Buffer.from(sha256Hex(presented), 'hex');
  const b = Buffer.from(digestHex, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
