import { createVerify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { levelFromClassRef, type SpidLevel } from '../levels';
import { NS, attr, onlyChild, parseUntrustedXml, text } from '../saml-xml';
import type { SpConfig } from '../sp-config';
import { RSA_SHA256 } from '../xml-sign';

/** What the demo IdP needs from an AuthnRequest it received by HTTP-Redirect. */
export interface ReceivedAuthnRequest {
  id: string;
  level: SpidLevel;
  attributeSetIndex: number;
  relayState: string;
}

const MAX_QUERY_CHARS = 16_384;
const MAX_INFLATED_BYTES = 65_536;

/** The raw (still URL-encoded) value of each parameter: the signature covers these exact octets. */
function rawParameters(query: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of query.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && !out.has(part.slice(0, eq))) out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}

function decode(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * Reads an HTTP-Redirect AuthnRequest as a real IdP would (SAML Bindings §3.4.4.1): the RSA-SHA256 signature
 * over `SAMLRequest=…&RelayState=…&SigAlg=…` must verify with the SP's certificate, the request must be
 * issued by our SP and addressed to this IdP's SSO URL. Undefined when anything is off.
 */
export function readRedirectAuthnRequest(query: string, sp: SpConfig, ssoUrl: string): ReceivedAuthnRequest | undefined {
  if (query.length > MAX_QUERY_CHARS) return undefined;
  const raw = rawParameters(query);
  const samlRequest = raw.get('SAMLRequest');
  const relayRaw = raw.get('RelayState');
  const sigAlg = raw.get('SigAlg');
  const signature = decode(raw.get('Signature'));
  if (!samlRequest || !sigAlg || !signature || decode(sigAlg) !== RSA_SHA256) return undefined;
  const signed = `SAMLRequest=${samlRequest}${relayRaw === undefined ? '' : `&RelayState=${relayRaw}`}&SigAlg=${sigAlg}`;
  const verified = createVerify('RSA-SHA256').update(signed, 'utf8').verify(sp.certPem, Buffer.from(signature, 'base64'));
  if (!verified) return undefined;

  let xml: string;
  try {
    xml = inflateRawSync(Buffer.from(decode(samlRequest) ?? '', 'base64'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch {
    return undefined;
  }
  const root = parseUntrustedXml(xml)?.documentElement;
  if (!root || root.namespaceURI !== NS.protocol || root.localName !== 'AuthnRequest') return undefined;
  const id = attr(root, 'ID');
  const level = levelFromClassRef(
    text(onlyChild(onlyChild(root, NS.protocol, 'RequestedAuthnContext'), NS.assertion, 'AuthnContextClassRef')),
  );
  const attributeSetIndex = Number(attr(root, 'AttributeConsumingServiceIndex') ?? '0');
  if (!id || !level || !Number.isInteger(attributeSetIndex)) return undefined;
  if (attr(root, 'Destination') !== ssoUrl || text(onlyChild(root, NS.assertion, 'Issuer')) !== sp.entityId) return undefined;
  if ((attr(root, 'AssertionConsumerServiceIndex') ?? '0') !== '0') return undefined;
  return { id, level, attributeSetIndex, relayState: decode(relayRaw) ?? '' };
}
