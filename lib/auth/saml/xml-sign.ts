import type { KeyObject } from 'node:crypto';
import { SignedXml } from 'xml-crypto';

export const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
export const SHA256_DIGEST = 'http://www.w3.org/2001/04/xmlenc#sha256';
export const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
export const ENVELOPED_SIGNATURE = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

export interface EnvelopedSignatureOptions {
  privateKey: KeyObject;
  /** Published in `ds:KeyInfo/ds:X509Data` so the receiver can match it against the registered metadata. */
  certPem: string;
  /** XPath of the signed element; it must carry an `ID` attribute, which the Reference URI points at. */
  elementXPath: string;
  /** Where the `ds:Signature` goes: SAML's schemas fix its position (first child, or right after Issuer). */
  location: { reference: string; action: 'prepend' | 'after' };
}

/**
 * Enveloped XML-DSig as AgID asks for SP metadata and POST AuthnRequests: RSA-SHA256, SHA-256 digest,
 * exclusive c14n, exactly two transforms (enveloped + exc-c14n), one Reference to the element's ID.
 */
export function signEnveloped(xml: string, options: EnvelopedSignatureOptions): string {
  const signer = new SignedXml({
    privateKey: options.privateKey,
    publicCert: options.certPem,
    signatureAlgorithm: RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  signer.addReference({
    xpath: options.elementXPath,
    transforms: [ENVELOPED_SIGNATURE, EXC_C14N],
    digestAlgorithm: SHA256_DIGEST,
  });
  signer.computeSignature(xml, { prefix: 'ds', location: options.location });
  return signer.getSignedXml();
}
