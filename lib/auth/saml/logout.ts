import { createVerify, randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import { XMLSerializer, type Element } from '@xmldom/xmldom';
import { ASSERTION_NS, ENTITY_FORMAT, PROTOCOL_NS, newRelayState, redirectBinding } from './authn-request';
import type { IdentityProvider } from './idp-list';
import { NS, attr, childElements, onlyChild } from './saml-xml';
import type { SpConfig } from './sp-config';
import { RSA_SHA256 } from './xml-sign';
import { escapeXml as x } from './xml-text';

const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export interface SamlSessionRef {
  nameId: string;
  nameQualifier?: string;
  sessionIndex?: string;
}

const newId = () => `_${randomBytes(16).toString('hex')}`;

function issuer(sp: SpConfig): string {
  return `<saml:Issuer Format="${ENTITY_FORMAT}" NameQualifier="${x(sp.entityId)}">${x(sp.entityId)}</saml:Issuer>`;
}

/** A signed HTTP-Redirect LogoutRequest (SPID single logout) for the session the IdP opened, or undefined without SLO. */
export function logoutRequestUrl(sp: SpConfig, idp: IdentityProvider, session: SamlSessionRef, now: Date): string | undefined {
  if (!idp.sloUrl) return undefined;
  const id = newId();
  const issueInstant = now.toISOString();
  const qualifier = session.nameQualifier ? ` NameQualifier="${x(session.nameQualifier)}"` : '';
  const xml =
    `<samlp:LogoutRequest xmlns:samlp="${PROTOCOL_NS}" xmlns:saml="${ASSERTION_NS}" ID="${id}" Version="2.0" IssueInstant="${issueInstant}" Destination="${x(idp.sloUrl)}">` +
    issuer(sp) +
    `<saml:NameID Format="${TRANSIENT}"${qualifier}>${x(session.nameId)}</saml:NameID>` +
    (session.sessionIndex ? `<samlp:SessionIndex>${x(session.sessionIndex)}</samlp:SessionIndex>` : '') +
    `</samlp:LogoutRequest>`;
  return redirectBinding(sp, { id, xml, issueInstant, destination: idp.sloUrl }, newRelayState()).url;
}

/** Our answer to an IdP's LogoutRequest: Success, by HTTP-Redirect to the IdP's SLO address. */
export function logoutResponseUrl(
  sp: SpConfig,
  idp: IdentityProvider,
  inResponseTo: string,
  relayState: string | undefined,
  now: Date,
): string | undefined {
  if (!idp.sloUrl) return undefined;
  const id = newId();
  const issueInstant = now.toISOString();
  const xml =
    `<samlp:LogoutResponse xmlns:samlp="${PROTOCOL_NS}" xmlns:saml="${ASSERTION_NS}" ID="${id}" Version="2.0" IssueInstant="${issueInstant}" Destination="${x(idp.sloUrl)}" InResponseTo="${x(inResponseTo)}">` +
    issuer(sp) +
    `<samlp:Status><samlp:StatusCode Value="${SUCCESS}"/></samlp:Status>` +
    `</samlp:LogoutResponse>`;
  const relay = relayState && /^[A-Za-z0-9_-]{16,80}$/.test(relayState) ? relayState : newRelayState();
  return redirectBinding(sp, { id, xml, issueInstant, destination: idp.sloUrl }, relay, 'SAMLResponse').url;
}

/** The HTTP-Redirect signature over the raw query octets, with any of the IdP's keys. */
export function redirectSignatureValid(rawQuery: string, parameter: 'SAMLRequest' | 'SAMLResponse', idp: IdentityProvider): boolean {
  const raw = new Map<string, string>();
  for (const part of rawQuery.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0 && !raw.has(part.slice(0, eq))) raw.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const message = raw.get(parameter);
  const sigAlg = raw.get('SigAlg');
  const signature = raw.get('Signature');
  if (!message || !sigAlg || !signature || decodeURIComponent(sigAlg) !== RSA_SHA256) return false;
  const relay = raw.get('RelayState');
  const signed = `${parameter}=${message}${relay === undefined ? '' : `&RelayState=${relay}`}&SigAlg=${sigAlg}`;
  const bytes = Buffer.from(decodeURIComponent(signature), 'base64');
  return idp.certificates.some((key) => {
    try {
      return createVerify('RSA-SHA256').update(signed, 'utf8').verify(key, bytes);
    } catch {
      return false;
    }
  });
}

/** An HTTP-POST message's enveloped signature on its root, with any of the IdP's keys (RSA-SHA256 only). */
export function postSignatureValid(xml: string, root: Element, idp: IdentityProvider): boolean {
  const [signature] = childElements(root, NS.dsig, 'Signature');
  const id = attr(root, 'ID');
  if (!signature || !id) return false;
  const method = attr(onlyChild(onlyChild(signature, NS.dsig, 'SignedInfo'), NS.dsig, 'SignatureMethod'), 'Algorithm');
  if (method !== RSA_SHA256) return false;
  return idp.certificates.some((key) => {
    try {
      const verifier = new SignedXml({ publicCert: key, getCertFromKeyInfo: () => null });
      verifier.loadSignature(new XMLSerializer().serializeToString(signature));
      const references = childElements(onlyChild(signature, NS.dsig, 'SignedInfo')!, NS.dsig, 'Reference');
      // The one signed element must be the message itself, not something wrapped inside it.
      return references.length === 1 && attr(references[0], 'URI') === `#${id}` && verifier.checkSignature(xml);
    } catch {
      return false;
    }
  });
}
