import type { Element } from '@xmldom/xmldom';
import { attr, childElements, onlyChild, parseUntrustedXml, text } from './saml-xml';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

/** An IdP metadata file is a few KB; a larger one is refused unread. */
const MAX_METADATA_CHARS = 500_000;

/** What the SP needs from an IdP's own SAML metadata. */
export interface IdpMetadata {
  ssoUrl: string;
  ssoBinding: 'redirect' | 'post';
  /** Single logout by HTTP-Redirect, the only binding the portal sends LogoutRequests with. */
  sloUrl?: string;
  /** base64 DER of every signing certificate (several while the IdP rolls its key over). */
  certificates: string[];
}

export type IdpMetadataResult = { ok: true; metadata: IdpMetadata } | { ok: false; problem: string };

function endpoint(descriptor: Element, name: string, binding: string): string | undefined {
  return childElements(descriptor, MD, name)
    .filter((e) => attr(e, 'Binding') === binding)
    .map((e) => attr(e, 'Location'))
    .find(Boolean);
}

function signingCertificates(descriptor: Element): string[] {
  return childElements(descriptor, MD, 'KeyDescriptor')
    .filter((k) => (attr(k, 'use') ?? 'signing') === 'signing')
    .flatMap((k) => childElements(k, DSIG, 'KeyInfo'))
    .flatMap((info) => childElements(info, DSIG, 'X509Data'))
    .flatMap((data) => childElements(data, DSIG, 'X509Certificate'))
    .map((c) => (text(c) ?? '').replace(/\s+/g, ''))
    .filter(Boolean);
}

/**
 * Reads an IdP's EntityDescriptor (as published in the AgID registry or by the Ministry for CIE) with the
 * hardened parser: the entityID must be the expected one; SSO by HTTP-Redirect is preferred, else HTTP-POST.
 * The caller checks the certificates and URLs.
 */
export function parseIdpMetadata(xml: string, expectedEntityId: string): IdpMetadataResult {
  if (xml.length > MAX_METADATA_CHARS) return { ok: false, problem: 'i metadata sono troppo grandi' };
  const doc = parseUntrustedXml(xml);
  const root = doc?.documentElement;
  if (!root || root.namespaceURI !== MD || root.localName !== 'EntityDescriptor') {
    return { ok: false, problem: 'i metadata non sono un EntityDescriptor SAML valido' };
  }
  if (attr(root, 'entityID') !== expectedEntityId) {
    return { ok: false, problem: `l'entityID dei metadata (${attr(root, 'entityID') ?? 'assente'}) non è ${expectedEntityId}` };
  }
  const descriptor = onlyChild(root, MD, 'IDPSSODescriptor');
  if (!descriptor || !(attr(descriptor, 'protocolSupportEnumeration') ?? '').split(/\s+/).includes(PROTOCOL)) {
    return { ok: false, problem: 'i metadata non hanno un IDPSSODescriptor SAML 2.0' };
  }
  const redirect = endpoint(descriptor, 'SingleSignOnService', HTTP_REDIRECT);
  const post = endpoint(descriptor, 'SingleSignOnService', HTTP_POST);
  const ssoUrl = redirect ?? post;
  if (!ssoUrl) return { ok: false, problem: 'i metadata non hanno un SingleSignOnService HTTP-Redirect o HTTP-POST' };
  const certificates = signingCertificates(descriptor);
  if (certificates.length === 0) return { ok: false, problem: 'i metadata non hanno certificati di firma' };
  const sloUrl = endpoint(descriptor, 'SingleLogoutService', HTTP_REDIRECT);
  return { ok: true, metadata: { ssoUrl, ssoBinding: redirect ? 'redirect' : 'post', ...(sloUrl ? { sloUrl } : {}), certificates } };
}
