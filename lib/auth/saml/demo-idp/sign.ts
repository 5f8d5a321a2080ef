import { SignedXml } from 'xml-crypto';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const HMAC_SHA1 = 'http://www.w3.org/2000/09/xmldsig#hmac-sha1';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';

const RESPONSE = "/*[local-name()='Response']";
const ASSERTION = `${RESPONSE}/*[local-name()='Assertion']`;

export interface SignOptions {
  /** PEM private key (RSA); for `hmac` the shared secret an attacker would use, e.g. the IdP's public cert. */
  privateKey: string | Buffer;
  /** Attack variant: HMAC-SHA1 instead of RSA-SHA256. */
  hmac?: boolean;
  /** Attack variant: transforms added after the standard two. */
  extraTransforms?: number;
}

/**
 * Signs the Assertion or the Response of a SPID Response (RSA-SHA256, exclusive c14n, enveloped),
 * putting the signature right after the element's Issuer as the SAML schema requires. Sign the
 * assertion first and the response second when both are wanted.
 */
export function signSamlElement(xml: string, target: 'assertion' | 'response', options: SignOptions): string {
  const elementPath = target === 'assertion' ? ASSERTION : RESPONSE;
  const sig = new SignedXml({
    privateKey: options.privateKey,
    signatureAlgorithm: options.hmac ? HMAC_SHA1 : RSA_SHA256,
    canonicalizationAlgorithm: EXC_C14N,
  });
  if (options.hmac) sig.enableHMAC();
  sig.addReference({
    xpath: elementPath,
    transforms: [ENVELOPED, EXC_C14N, ...Array<string>(options.extraTransforms ?? 0).fill(EXC_C14N)],
    digestAlgorithm: SHA256,
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${elementPath}/*[local-name()='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}
