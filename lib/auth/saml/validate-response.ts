import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { Document, Element } from '@xmldom/xmldom';

import { type IdentityProvider } from './idp-list';
import { idpErrorCodeFrom, type IdpErrorCode } from './idp-errors';
import { readIdentityAttributes } from './identity';
import { levelFromClassRef, type SpidLevel } from './levels';
import {
  MAX_SAML_RESPONSE_BASE64_CHARS,
  NS,
  allElements,
  assertionPath,
  attr,
  childElements,
  onlyChild,
  parseInstant,
  parseUntrustedXml,
  text,
} from './saml-xml';

/**
 * Tolerance between our clock and the IdP's. SPID states none; spid-saml-check's time cases are
 * years off, so a small window stays compliant while absorbing real clock drift.
 */
export const SAML_CLOCK_SKEW_MS = 90_000;

const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
const NAMEID_TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';
const NAMEID_ENTITY = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
const CM_BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

/** Only RSA with SHA-2 from IdPs: HMAC lets anyone holding the public certificate forge (GHSA-c27r-x354-4m68). */
const ALLOWED_SIGNATURE_METHODS = new Set([
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384',
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
]);
const ALLOWED_DIGEST_METHODS = new Set([
  'http://www.w3.org/2001/04/xmlenc#sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512',
]);
/** enveloped-signature + one canonicalization per reference; more is a known XSW/DoS vector. */
const MAX_TRANSFORMS_PER_REFERENCE = 2;

/** What the SP stored when it sent the AuthnRequest. */
export interface StoredAuthnRequest {
  id: string;
  idpEntityId: string;
  level: SpidLevel;
  issuedAt: Date;
}

export interface AcsContext {
  spEntityId: string;
  /** The exact ACS URL the response was posted to (Destination and Recipient must equal it). */
  acsUrl: string;
  idps: readonly IdentityProvider[];
  now: Date;
  clockSkewMs: number;
  /**
   * Returns the outstanding, unexpired request with that ID and consumes it in the same step, so a
   * second response to it (a replay) finds nothing. Called at most once per validation.
   */
  lookupRequest(id: string): Promise<StoredAuthnRequest | undefined>;
}

export interface SamlIdentity {
  fiscalNumber: string;
  name?: string;
  familyName?: string;
  email?: string;
  level: SpidLevel;
  idpEntityId: string;
  /** The transient NameID and its qualifier: a LogoutRequest names the session with them. */
  nameId: string;
  nameQualifier: string;
  /** Needed for single logout; SPID does not make it mandatory. */
  sessionIndex?: string;
  requestId: string;
}

export type RejectReason =
  | 'input_too_large'
  | 'input_not_base64'
  | 'xml_invalid'
  | 'not_a_response'
  | 'encrypted_assertion'
  | 'assertion_not_direct_child'
  | 'multiple_assertions'
  | 'foreign_signature'
  | 'signature_reference_mismatch'
  | 'hmac_signature'
  | 'signature_algorithm_not_allowed'
  | 'too_many_transforms'
  | 'response_invalid'
  | 'in_response_to_missing'
  | 'in_response_to_unknown'
  | 'idp_unknown'
  | 'status_missing'
  | 'idp_error'
  | 'destination_mismatch'
  | 'response_issuer_mismatch'
  | 'response_issuer_format_invalid'
  | 'issue_instant_before_request'
  | 'issue_instant_in_future'
  | 'assertion_missing'
  | 'assertion_unsigned'
  | 'signature_invalid'
  | 'signature_wrapping'
  | 'assertion_invalid'
  | 'assertion_issuer_mismatch'
  | 'assertion_issuer_format_invalid'
  | 'name_id_not_transient'
  | 'name_id_qualifier_missing'
  | 'subject_confirmation_invalid'
  | 'recipient_mismatch'
  | 'subject_in_response_to_mismatch'
  | 'subject_confirmation_expired'
  | 'conditions_missing'
  | 'not_yet_valid'
  | 'conditions_expired'
  | 'audience_mismatch'
  | 'level_unknown'
  | 'level_too_low'
  | 'attributes_missing'
  | 'attribute_repeated'
  | 'fiscal_number_invalid';

export type ValidationResult = { ok: true; identity: SamlIdentity } | { ok: false; reason: RejectReason; idpErrorCode?: IdpErrorCode };

type Failure = Extract<ValidationResult, { ok: false }>;
const fail = (reason: RejectReason): Failure => ({ ok: false, reason });

/**
 * Validates a SPID/CIE SAML Response posted to the ACS. Order matters: the structure is checked
 * first (so no wrapped or duplicated element reaches the signature check), then the stored request
 * is consumed, then node-saml verifies the signatures, and every SPID rule is applied to the
 * assertion node node-saml returned as verified, never to a node looked up in the raw document.
 */
export async function validateSamlResponse(samlResponseBase64: string, ctx: AcsContext): Promise<ValidationResult> {
  if (samlResponseBase64.length > MAX_SAML_RESPONSE_BASE64_CHARS) return fail('input_too_large');
  const compact = samlResponseBase64.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 !== 0) return fail('input_not_base64');
  const xml = Buffer.from(compact, 'base64').toString('utf8');

  const doc = parseUntrustedXml(xml);
  if (!doc) return fail('xml_invalid');
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== NS.protocol || response.localName !== 'Response') {
    return fail('not_a_response');
  }

  const structural = checkStructure(doc, response);
  if (structural) return structural;

  const responseId = attr(response, 'ID');
  const responseInstant = parseInstant(attr(response, 'IssueInstant'));
  if (!responseId || attr(response, 'Version') !== '2.0' || responseInstant === undefined) {
    return fail('response_invalid');
  }

  // Unsolicited responses are refused: InResponseTo must name a request we sent and still hold.
  const inResponseTo = attr(response, 'InResponseTo');
  if (!inResponseTo) return fail('in_response_to_missing');
  const request = await ctx.lookupRequest(inResponseTo);
  if (!request || request.id !== inResponseTo) return fail('in_response_to_unknown');
  const idp = ctx.idps.find((p) => p.entityId === request.idpEntityId);
  if (!idp) return fail('idp_unknown');

  const statusCode = attr(protocolPath(response, 'Status', 'StatusCode'), 'Value');
  if (!statusCode) return fail('status_missing');
  if (statusCode !== STATUS_SUCCESS) {
    const message = text(onlyChild(onlyChild(response, NS.protocol, 'Status'), NS.protocol, 'StatusMessage'));
    return { ok: false, reason: 'idp_error', idpErrorCode: idpErrorCodeFrom(message) };
  }

  if (attr(response, 'Destination') !== ctx.acsUrl) return fail('destination_mismatch');
  const responseIssuer = onlyChild(response, NS.assertion, 'Issuer');
  if (text(responseIssuer) !== idp.entityId) return fail('response_issuer_mismatch');
  const responseIssuerFormat = attr(responseIssuer, 'Format');
  if (responseIssuerFormat !== undefined && responseIssuerFormat !== NAMEID_ENTITY) {
    return fail('response_issuer_format_invalid');
  }
  const instantProblem = checkIssueInstant(responseInstant, request, ctx);
  if (instantProblem) return instantProblem;

  const rawAssertion = onlyChild(response, NS.assertion, 'Assertion');
  if (!rawAssertion) return fail('assertion_missing');
  if (childElements(rawAssertion, NS.dsig, 'Signature').length !== 1) return fail('assertion_unsigned');

  const responseSigned = childElements(response, NS.dsig, 'Signature').length === 1;
  const verifiedXml = await verifySignatures(compact, idp, ctx, responseSigned);
  if (!verifiedXml) return fail('signature_invalid');
  const verifiedDoc = parseUntrustedXml(verifiedXml);
  const assertion = verifiedDoc?.documentElement;
  // The assertion node-saml verified must be the one direct child we checked above.
  if (
    !assertion ||
    assertion.namespaceURI !== NS.assertion ||
    assertion.localName !== 'Assertion' ||
    !attr(assertion, 'ID') ||
    attr(assertion, 'ID') !== attr(rawAssertion, 'ID')
  ) {
    return fail('signature_wrapping');
  }

  return checkAssertion(assertion, request, idp, ctx);
}

/** Anti-wrapping checks on the raw document, before anything is verified or read. */
function checkStructure(doc: Document, response: Element): Failure | undefined {
  if (allElements(doc, NS.assertion, 'EncryptedAssertion').length > 0) return fail('encrypted_assertion');

  const assertions = allElements(doc, NS.assertion, 'Assertion');
  if (assertions.some((a) => a.parentNode !== response)) return fail('assertion_not_direct_child');
  if (assertions.length > 1) return fail('multiple_assertions');

  // A signature may only sign its own parent, and that parent may only be the Response or the Assertion.
  for (const signature of allElements(doc, NS.dsig, 'Signature')) {
    const parent = signature.parentNode as Element | null;
    if (!parent || (parent !== response && parent !== assertions[0])) return fail('foreign_signature');
    const references = allElements(signature, NS.dsig, 'Reference');
    const parentId = attr(parent, 'ID');
    if (references.length !== 1 || !parentId || attr(references[0], 'URI') !== `#${parentId}`) {
      return fail('signature_reference_mismatch');
    }
    if (childElements(signature, NS.dsig, 'SignedInfo').length !== 1) return fail('signature_reference_mismatch');
  }

  const signatureMethods = allElements(doc, NS.dsig, 'SignatureMethod').map((m) => attr(m, 'Algorithm') ?? '');
  if (signatureMethods.some((a) => /hmac/i.test(a))) return fail('hmac_signature');
  if (signatureMethods.some((a) => !ALLOWED_SIGNATURE_METHODS.has(a))) return fail('signature_algorithm_not_allowed');
  const digestMethods = allElements(doc, NS.dsig, 'DigestMethod').map((m) => attr(m, 'Algorithm') ?? '');
  if (digestMethods.some((a) => !ALLOWED_DIGEST_METHODS.has(a))) return fail('signature_algorithm_not_allowed');
  for (const reference of allElements(doc, NS.dsig, 'Reference')) {
    if (allElements(reference, NS.dsig, 'Transform').length > MAX_TRANSFORMS_PER_REFERENCE) {
      return fail('too_many_transforms');
    }
  }
  return undefined;
}

/** Status lives in the protocol namespace, unlike the assertion elements. */
function protocolPath(response: Element, ...names: string[]): Element | undefined {
  let current: Element | undefined = response;
  for (const name of names) current = onlyChild(current, NS.protocol, name);
  return current;
}

function checkIssueInstant(instant: number, request: StoredAuthnRequest, ctx: AcsContext): Failure | undefined {
  if (instant + ctx.clockSkewMs < request.issuedAt.getTime()) return fail('issue_instant_before_request');
  if (instant - ctx.clockSkewMs > ctx.now.getTime()) return fail('issue_instant_in_future');
  return undefined;
}

/**
 * node-saml is used only for what it does well: signature verification against the IdP's keys,
 * returning the verified assertion. Its own time/audience/InResponseTo checks are switched off
 * because they read the wall clock and would hide which SPID rule failed; we apply them ourselves.
 * The Response signature is optional in SPID, but when present it must verify: node-saml would
 * otherwise silently ignore a bad one.
 */
async function verifySignatures(
  base64: string,
  idp: IdentityProvider,
  ctx: AcsContext,
  responseSigned: boolean,
): Promise<string | undefined> {
  const saml = new SAML({
    idpCert: idp.certificates,
    issuer: ctx.spEntityId,
    callbackUrl: ctx.acsUrl,
    audience: false,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: responseSigned,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    acceptedClockSkewMs: -1,
    validateInResponseTo: ValidateInResponseTo.never,
  });
  try {
    const { profile } = await saml.validatePostResponseAsync({ SAMLResponse: base64 });
    return profile?.getAssertionXml?.();
  } catch {
    return undefined;
  }
}

function checkAssertion(assertion: Element, request: StoredAuthnRequest, idp: IdentityProvider, ctx: AcsContext): ValidationResult {
  const now = ctx.now.getTime();
  const skew = ctx.clockSkewMs;

  const assertionInstant = parseInstant(attr(assertion, 'IssueInstant'));
  if (attr(assertion, 'Version') !== '2.0' || assertionInstant === undefined) return fail('assertion_invalid');
  const instantProblem = checkIssueInstant(assertionInstant, request, ctx);
  if (instantProblem) return instantProblem;

  const issuer = onlyChild(assertion, NS.assertion, 'Issuer');
  if (text(issuer) !== idp.entityId) return fail('assertion_issuer_mismatch');
  const issuerFormat = attr(issuer, 'Format');
  const formatOk = issuerFormat === NAMEID_ENTITY || (idp.kind === 'cie' && issuerFormat === undefined);
  if (!formatOk) return fail('assertion_issuer_format_invalid');

  const subject = onlyChild(assertion, NS.assertion, 'Subject');
  const nameId = onlyChild(subject, NS.assertion, 'NameID');
  const nameIdValue = text(nameId);
  const nameQualifier = attr(nameId, 'NameQualifier');
  if (!nameIdValue || attr(nameId, 'Format') !== NAMEID_TRANSIENT) return fail('name_id_not_transient');
  if (!nameQualifier) return fail('name_id_qualifier_missing');

  const confirmation = onlyChild(subject, NS.assertion, 'SubjectConfirmation');
  const confirmationData = onlyChild(confirmation, NS.assertion, 'SubjectConfirmationData');
  if (attr(confirmation, 'Method') !== CM_BEARER || !confirmationData) return fail('subject_confirmation_invalid');
  if (attr(confirmationData, 'Recipient') !== ctx.acsUrl) return fail('recipient_mismatch');
  if (attr(confirmationData, 'InResponseTo') !== request.id) return fail('subject_in_response_to_mismatch');
  const confirmationEnd = parseInstant(attr(confirmationData, 'NotOnOrAfter'));
  if (confirmationEnd === undefined || now - skew >= confirmationEnd) return fail('subject_confirmation_expired');

  const conditions = onlyChild(assertion, NS.assertion, 'Conditions');
  const notBefore = parseInstant(attr(conditions, 'NotBefore'));
  const notOnOrAfter = parseInstant(attr(conditions, 'NotOnOrAfter'));
  if (!conditions || notBefore === undefined || notOnOrAfter === undefined) return fail('conditions_missing');
  if (now + skew < notBefore) return fail('not_yet_valid');
  if (now - skew >= notOnOrAfter) return fail('conditions_expired');
  const audiences = childElements(conditions, NS.assertion, 'AudienceRestriction').flatMap((r) =>
    childElements(r, NS.assertion, 'Audience').map((a) => text(a)),
  );
  if (audiences.length !== 1 || audiences[0] !== ctx.spEntityId) return fail('audience_mismatch');

  const authnStatement = onlyChild(assertion, NS.assertion, 'AuthnStatement');
  const level = levelFromClassRef(text(assertionPath(authnStatement, 'AuthnContext', 'AuthnContextClassRef')));
  if (!level) return fail('level_unknown');
  if (level < request.level) return fail('level_too_low');

  const attributes = readIdentityAttributes(assertion);
  if (!attributes.ok) return fail(attributes.reason);

  return {
    ok: true,
    identity: {
      ...attributes.attributes,
      level,
      idpEntityId: idp.entityId,
      nameId: nameIdValue,
      nameQualifier,
      sessionIndex: attr(authnStatement, 'SessionIndex'),
      requestId: request.id,
    },
  };
}
