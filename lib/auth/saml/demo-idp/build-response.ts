import { randomUUID } from 'node:crypto';

import { authnContextClass, type SpidLevel } from '../levels';
import type { IdpErrorCode } from '../idp-errors';
import { escapeXml } from '../xml-text';

/**
 * Fields of a SPID Response as the demo IdP writes it. Every field can be overridden (or set to
 * `null` to leave it out) so the tests can build each malformed response the ACS must refuse.
 */
export interface ResponseFields {
  responseId: string;
  assertionId: string;
  issueInstant: Date;
  assertionIssueInstant: Date;
  inResponseTo: string | null;
  destination: string | null;
  idpEntityId: string;
  responseIssuer: string | null;
  responseIssuerFormat: string | null;
  assertionIssuer: string | null;
  assertionIssuerFormat: string | null;
  nameIdFormat: string;
  recipient: string | null;
  subjectInResponseTo: string | null;
  subjectNotOnOrAfter: Date | null;
  notBefore: Date | null;
  notOnOrAfter: Date | null;
  audience: string | null;
  level: SpidLevel;
  sessionIndex: string;
  attributes: Record<string, string>;
}

export interface ResponseBasics {
  idpEntityId: string;
  spEntityId: string;
  acsUrl: string;
  requestId: string;
  level: SpidLevel;
  now: Date;
  identity: { fiscalNumber: string; name: string; familyName: string; email: string };
}

const ENTITY = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
/** How long the demo IdP's assertions stay valid, like real IdPs (a few minutes). */
const VALIDITY_MS = 5 * 60_000;

/** SAML IDs are xs:ID: they must not start with a digit. */
export const samlId = () => `_${randomUUID()}`;

export function defaultResponseFields(b: ResponseBasics): ResponseFields {
  const until = new Date(b.now.getTime() + VALIDITY_MS);
  return {
    responseId: samlId(),
    assertionId: samlId(),
    issueInstant: b.now,
    assertionIssueInstant: b.now,
    inResponseTo: b.requestId,
    destination: b.acsUrl,
    idpEntityId: b.idpEntityId,
    responseIssuer: b.idpEntityId,
    responseIssuerFormat: ENTITY,
    assertionIssuer: b.idpEntityId,
    assertionIssuerFormat: ENTITY,
    nameIdFormat: TRANSIENT,
    recipient: b.acsUrl,
    subjectInResponseTo: b.requestId,
    subjectNotOnOrAfter: until,
    notBefore: b.now,
    notOnOrAfter: until,
    audience: b.spEntityId,
    level: b.level,
    sessionIndex: samlId(),
    attributes: {
      fiscalNumber: `TINIT-${b.identity.fiscalNumber}`,
      name: b.identity.name,
      familyName: b.identity.familyName,
      email: b.identity.email,
    },
  };
}

const optAttr = (name: string, value: string | null) => (value === null ? '' : ` ${name}="${escapeXml(value)}"`);
const instant = (d: Date | null) => (d === null ? null : d.toISOString());

function issuer(value: string | null, format: string | null): string {
  return value === null ? '' : `<saml:Issuer${optAttr('Format', format)}>${escapeXml(value)}</saml:Issuer>`;
}

export function assertionXml(f: ResponseFields): string {
  const attributes = Object.entries(f.attributes)
    .map(
      ([name, value]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
        `<saml:AttributeValue xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string" xmlns:xs="http://www.w3.org/2001/XMLSchema">${escapeXml(value)}</saml:AttributeValue>` +
        `</saml:Attribute>`,
    )
    .join('');
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${f.assertionId}" Version="2.0" IssueInstant="${f.assertionIssueInstant.toISOString()}">` +
    issuer(f.assertionIssuer, f.assertionIssuerFormat) +
    `<saml:Subject>` +
    `<saml:NameID Format="${escapeXml(f.nameIdFormat)}" NameQualifier="${escapeXml(f.idpEntityId)}">${samlId()}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">` +
    `<saml:SubjectConfirmationData${optAttr('InResponseTo', f.subjectInResponseTo)}${optAttr('NotOnOrAfter', instant(f.subjectNotOnOrAfter))}${optAttr('Recipient', f.recipient)}/>` +
    `</saml:SubjectConfirmation>` +
    `</saml:Subject>` +
    `<saml:Conditions${optAttr('NotBefore', instant(f.notBefore))}${optAttr('NotOnOrAfter', instant(f.notOnOrAfter))}>` +
    (f.audience === null
      ? ''
      : `<saml:AudienceRestriction><saml:Audience>${escapeXml(f.audience)}</saml:Audience></saml:AudienceRestriction>`) +
    `</saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${f.assertionIssueInstant.toISOString()}" SessionIndex="${f.sessionIndex}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${authnContextClass(f.level)}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    `</saml:AuthnStatement>` +
    `<saml:AttributeStatement>${attributes}</saml:AttributeStatement>` +
    `</saml:Assertion>`
  );
}

function responseOpen(f: ResponseFields): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${f.responseId}" Version="2.0" IssueInstant="${f.issueInstant.toISOString()}"` +
    `${optAttr('Destination', f.destination)}${optAttr('InResponseTo', f.inResponseTo)}>` +
    issuer(f.responseIssuer, f.responseIssuerFormat)
  );
}

/** A successful Response with its assertion, not signed yet (see `sign.ts`). */
export function successResponseXml(f: ResponseFields): string {
  return (
    responseOpen(f) +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertionXml(f) +
    `</samlp:Response>`
  );
}

/** An IdP error Response (no assertion), as SPID IdPs send for ErrorCode nr19…nr30. */
export function errorResponseXml(f: ResponseFields, code: IdpErrorCode): string {
  return (
    responseOpen(f) +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">` +
    `<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>` +
    `<samlp:StatusMessage>ErrorCode ${code}</samlp:StatusMessage></samlp:Status>` +
    `</samlp:Response>`
  );
}
