import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Anchors cannot be made or checked as configured (missing or unusable key, missing file): the message says what to fix, in Italian. */
export class AnchorSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AnchorSetupError';
  }
}

// Environment files often carry a PEM on one line with literal "\n".
const unescapeNewlines = (text: string) => text.trim().replace(/\\n/g, '\n');

function ed25519(key: KeyObject, variable: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519')
    throw new AnchorSetupError(`${variable}: la chiave è ${key.asymmetricKeyType}, serve una chiave Ed25519`);
  return key;
}

/** The signing key, from PKCS#8 PEM or its base64 DER. */
export function parseAnchorPrivateKey(text: string, variable = 'RECEIPTS_ANCHOR_PRIVATE_KEY'): KeyObject {
  const source = unescapeNewlines(text);
  try {
    const key = source.includes('-----BEGIN')
      ? createPrivateKey(source)
      : createPrivateKey({ key: Buffer.from(source, 'base64'), format: 'der', type: 'pkcs8' });
    return ed25519(key, variable);
  } catch (error) {
    if (error instanceof AnchorSetupError) throw error;
    throw new AnchorSetupError(`${variable}: non è una chiave privata PKCS#8 valida (PEM o DER in base64)`);
  }
}

/** The checking key, from SPKI PEM or its base64 DER. */
export function parseAnchorPublicKey(text: string, variable = 'RECEIPTS_ANCHOR_PUBLIC_KEY'): KeyObject {
  const source = unescapeNewlines(text);
  // createPublicKey would quietly derive it from a private key, which must not sit where the verifier reads.
  if (source.includes('PRIVATE KEY')) throw new AnchorSetupError(`${variable}: contiene una chiave privata, serve quella pubblica`);
  try {
    const key = source.includes('-----BEGIN')
      ? createPublicKey(source)
      : createPublicKey({ key: Buffer.from(source, 'base64'), format: 'der', type: 'spki' });
    return ed25519(key, variable);
  } catch (error) {
    if (error instanceof AnchorSetupError) throw error;
    throw new AnchorSetupError(`${variable}: non è una chiave pubblica SPKI valida (PEM o DER in base64)`);
  }
}

/** Short fingerprint of a public key, written in each anchor so that a rotated key is recognised as such. */
export function anchorKeyId(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('hex')
    .slice(0, 16);
}

/** A new key pair as one-line base64 DER values, ready for the environment. */
export function generateAnchorKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}
