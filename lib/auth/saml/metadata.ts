import { createHash } from 'node:crypto';
import { certificateBase64, type SamlKind, type SpConfig } from './sp-config';
import { signEnveloped } from './xml-sign';
import { escapeXml } from './xml-text';

export const MD_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
export const DS_NS = 'http://www.w3.org/2000/09/xmldsig#';
/** Namespace of the ContactPerson extensions: SPID's and CIE's differ (cie-eid-saml-docs). */
export const EXTENSIONS_NS: Record<SamlKind, string> = {
  spid: 'https://spid.gov.it/saml-extensions',
  cie: 'https://www.cartaidentita.interno.gov.it/saml-extensions',
};
export const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
export const HTTP_POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
export const ATTRNAME_BASIC = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

/**
 * The SP metadata AgID (SPID) or the Ministry (CIE) registers, from our own template and enveloped-signed.
 * The ID is derived from the content, and RSA PKCS#1 v1.5 is deterministic, so the same configuration
 * always yields the same bytes: the published file changes only when the configuration does.
 */
export function buildSpMetadata(sp: SpConfig, kind: SamlKind): string {
  const x = escapeXml;
  const services = sp.attributeServices[kind]
    .map(
      (service) =>
        `<md:AttributeConsumingService index="${service.index}">` +
        `<md:ServiceName xml:lang="it">${x(service.serviceName)}</md:ServiceName>` +
        service.attributes.map((a) => `<md:RequestedAttribute Name="${x(a.name)}" NameFormat="${ATTRNAME_BASIC}"/>`).join('') +
        `</md:AttributeConsumingService>`,
    )
    .join('');
  const org = sp.organization;
  const body =
    `<md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol" AuthnRequestsSigned="true" WantAssertionsSigned="true">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBase64(sp.certPem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleLogoutService Binding="${HTTP_POST}" Location="${x(sp.sloUrl)}"/>` +
    `<md:NameIDFormat>${TRANSIENT}</md:NameIDFormat>` +
    `<md:AssertionConsumerService index="0" isDefault="true" Binding="${HTTP_POST}" Location="${x(sp.acsUrl)}"/>` +
    services +
    `</md:SPSSODescriptor>` +
    `<md:Organization>` +
    `<md:OrganizationName xml:lang="it">${x(org.name)}</md:OrganizationName>` +
    `<md:OrganizationDisplayName xml:lang="it">${x(org.displayName)}</md:OrganizationDisplayName>` +
    `<md:OrganizationURL xml:lang="it">${x(org.url)}</md:OrganizationURL>` +
    `</md:Organization>` +
    `<md:ContactPerson contactType="other">` +
    `<md:Extensions><${kind}:IPACode>${x(org.ipaCode)}</${kind}:IPACode><${kind}:Public/></md:Extensions>` +
    `<md:Company>${x(org.name)}</md:Company>` +
    `<md:EmailAddress>${x(org.email)}</md:EmailAddress>` +
    (org.phone ? `<md:TelephoneNumber>${x(org.phone)}</md:TelephoneNumber>` : '') +
    `</md:ContactPerson>`;
  const id = `_${kind}-md-${createHash('sha256').update(sp.entityId).update(body).digest('hex').slice(0, 32)}`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="${MD_NS}" xmlns:ds="${DS_NS}" xmlns:${kind}="${EXTENSIONS_NS[kind]}" entityID="${x(sp.entityId)}" ID="${id}">` +
    body +
    `</md:EntityDescriptor>`;
  const root = `/*[local-name()='EntityDescriptor' and namespace-uri()='${MD_NS}']`;
  // The Signature must be the first child of EntityDescriptor (saml-schema-metadata-2.0).
  return signEnveloped(xml, {
    privateKey: sp.privateKey,
    certPem: sp.certPem,
    elementXPath: root,
    location: { reference: root, action: 'prepend' },
  });
}
