import { generateKeyPairSync } from 'node:crypto';

import { duplicateAssertion, injectSignedForeignElement, moveAssertionIntoExtensions } from '@/lib/auth/saml/demo-idp/attacks';
import { type ResponseFields, defaultResponseFields, errorResponseXml, successResponseXml } from '@/lib/auth/saml/demo-idp/build-response';
import { createDemoIdp } from '@/lib/auth/saml/demo-idp/demo-idp';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import { type SignOptions, signSamlElement } from '@/lib/auth/saml/demo-idp/sign';
import { fiscalNumberFromSpid } from '@/lib/auth/saml/identity';
import type { SpidLevel } from '@/lib/auth/saml/levels';
import { IDP_ERROR_CODES, idpErrorCodeFrom, idpErrorMessage } from '@/lib/auth/saml/idp-errors';
import type { IdentityProvider } from '@/lib/auth/saml/idp-list';
import { type AcsContext, type StoredAuthnRequest, SAML_CLOCK_SKEW_MS, validateSamlResponse } from '@/lib/auth/saml/validate-response';

// Keys are generated for this run only: nothing here is, or signs like, a production key.
const rsa = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
const idpKeys = rsa();
const attackerKeys = rsa();

const IDP = 'https://idp.example.test/';
const OTHER_IDP = 'https://altro-idp.example.test/';
const SP = 'https://pagamenti.example.test';
const ACS = 'https://pagamenti.example.test/spid/acs';
const NOW = new Date('2026-03-01T10:00:00.000Z');
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs);

const idps: IdentityProvider[] = [
  { entityId: IDP, name: 'IdP di prova', ssoUrl: `${IDP}sso`, ssoBinding: 'redirect', certificates: [idpKeys.publicKey], kind: 'spid' },
  {
    entityId: OTHER_IDP,
    name: 'Altro IdP',
    ssoUrl: `${OTHER_IDP}sso`,
    ssoBinding: 'redirect',
    certificates: [attackerKeys.publicKey],
    kind: 'spid',
  },
];

const person = DEMO_IDENTITIES[0]!;
let counter = 0;

/** A fresh outstanding request in a store that consumes on lookup, as the PostgreSQL store does. */
function setup(level: SpidLevel = 2, idpEntityId = IDP) {
  const request: StoredAuthnRequest = { id: `_req-${++counter}`, idpEntityId, level, issuedAt: at(-30_000) };
  const store = new Map([[request.id, request]]);
  const ctx: AcsContext = {
    spEntityId: SP,
    acsUrl: ACS,
    idps,
    now: NOW,
    clockSkewMs: SAML_CLOCK_SKEW_MS,
    lookupRequest: async (id) => {
      const found = store.get(id);
      store.delete(id);
      return found;
    },
  };
  const fields = defaultResponseFields({
    idpEntityId: IDP,
    spEntityId: SP,
    acsUrl: ACS,
    requestId: request.id,
    level,
    now: at(-5_000),
    identity: person,
  });
  return { request, ctx, fields };
}

interface Build {
  /** Changes the IdP writes before signing (fields the builder has no option for). */
  template?: (xml: string) => string;
  assertion?: Partial<SignOptions> | false;
  response?: Partial<SignOptions> | false;
  edit?: (xml: string) => string;
}

/** Builds, signs (assertion first, then response, like real IdPs) and base64-encodes a Response. */
function encode(fields: ResponseFields, build: Build = {}): string {
  let xml = successResponseXml(fields);
  if (build.template) xml = build.template(xml);
  if (build.assertion !== false) {
    xml = signSamlElement(xml, 'assertion', { privateKey: idpKeys.privateKey, ...build.assertion });
  }
  if (build.response !== false) {
    xml = signSamlElement(xml, 'response', { privateKey: idpKeys.privateKey, ...build.response });
  }
  if (build.edit) xml = build.edit(xml);
  return Buffer.from(xml).toString('base64');
}

async function attempt(change: Partial<ResponseFields> = {}, build: Build = {}, level: SpidLevel = 2) {
  const { ctx, fields } = setup(level);
  return validateSamlResponse(encode({ ...fields, ...change }, build), ctx);
}

describe('SAML Response: a valid response', () => {
  it('is accepted and yields the identity from the signed assertion', async () => {
    const { ctx, fields, request } = setup(2);
    const result = await validateSamlResponse(encode(fields), ctx);
    expect(result).toEqual({
      ok: true,
      identity: {
        fiscalNumber: person.fiscalNumber,
        name: person.name,
        familyName: person.familyName,
        email: person.email,
        level: 2,
        idpEntityId: IDP,
        nameId: expect.stringMatching(/^_/),
        nameQualifier: IDP,
        sessionIndex: fields.sessionIndex,
        requestId: request.id,
      },
    });
  });

  it('is accepted with only the assertion signed (SPID makes the Response signature optional)', async () => {
    expect(await attempt({}, { response: false })).toMatchObject({ ok: true });
  });

  it('is accepted at a higher level than requested, and within the stated clock skew', async () => {
    expect(await attempt({ level: 3 })).toMatchObject({ ok: true, identity: { level: 3 } });
    const skew = SAML_CLOCK_SKEW_MS - 1_000;
    expect(await attempt({ issueInstant: at(skew), assertionIssueInstant: at(skew), notBefore: at(skew) })).toMatchObject({
      ok: true,
    });
  });

  it('strips TINIT- and upper-cases the fiscal number', async () => {
    const attributes = { ...setup().fields.attributes, fiscalNumber: `TINIT-${person.fiscalNumber.toLowerCase()}` };
    expect(await attempt({ attributes })).toMatchObject({ ok: true, identity: { fiscalNumber: person.fiscalNumber } });
  });
});

describe('SAML Response under attack: signatures', () => {
  it('refuses an unsigned response', async () => {
    expect(await attempt({}, { assertion: false, response: false })).toEqual({ ok: false, reason: 'assertion_unsigned' });
  });

  it('refuses a signed response whose assertion is unsigned', async () => {
    expect(await attempt({}, { assertion: false })).toEqual({ ok: false, reason: 'assertion_unsigned' });
  });

  it('refuses an assertion signed with another key', async () => {
    expect(await attempt({}, { assertion: { privateKey: attackerKeys.privateKey }, response: false })).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('refuses a valid assertion inside a response signed with another key', async () => {
    expect(await attempt({}, { response: { privateKey: attackerKeys.privateKey } })).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('refuses the right key of another IdP than the one the request went to', async () => {
    const { ctx, fields } = setup(2, OTHER_IDP);
    const forged = { ...fields, responseIssuer: OTHER_IDP, assertionIssuer: OTHER_IDP };
    expect(await validateSamlResponse(encode(forged), ctx)).toEqual({ ok: false, reason: 'signature_invalid' });
  });

  it('refuses a response properly signed by another configured IdP than the one the request went to', async () => {
    const other = { privateKey: attackerKeys.privateKey };
    const change = { responseIssuer: OTHER_IDP, assertionIssuer: OTHER_IDP };
    expect(await attempt(change, { assertion: other, response: other })).toEqual({
      ok: false,
      reason: 'response_issuer_mismatch',
    });
    expect(await attempt({ assertionIssuer: OTHER_IDP }, { assertion: other, response: false })).toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('refuses an assertion altered after signing', async () => {
    const edit = (xml: string) => xml.replace(person.fiscalNumber, DEMO_IDENTITIES[1]!.fiscalNumber);
    expect(await attempt({}, { response: false, edit })).toEqual({ ok: false, reason: 'signature_invalid' });
  });

  it('reads the whole fiscal number when a comment is slipped into it after signing (comment truncation)', async () => {
    // Exclusive c14n drops comments, so the signature still verifies; reading only the first text node would yield "TINIT-RSSMRA".
    const edit = (xml: string) => xml.replace(`TINIT-${person.fiscalNumber}`, `TINIT-RSSMRA<!---->${person.fiscalNumber.slice(6)}`);
    expect(await attempt({}, { response: false, edit })).toMatchObject({
      ok: true,
      identity: { fiscalNumber: person.fiscalNumber },
    });
  });

  it('refuses an HMAC signature keyed with the public key (key confusion)', async () => {
    const hmac = { hmac: true, privateKey: Buffer.from(idpKeys.publicKey) };
    expect(await attempt({}, { assertion: hmac, response: false })).toEqual({ ok: false, reason: 'hmac_signature' });
  });

  it('refuses more than the allowed transforms', async () => {
    expect(await attempt({}, { assertion: { extraTransforms: 1 } })).toEqual({ ok: false, reason: 'too_many_transforms' });
  });
});

describe('SAML Response under attack: signature wrapping', () => {
  it('refuses two assertions', async () => {
    expect(await attempt({}, { response: false, edit: duplicateAssertion })).toEqual({
      ok: false,
      reason: 'multiple_assertions',
    });
  });

  it('refuses the signed assertion moved into Extensions with a forged one in its place', async () => {
    const edit = (xml: string) => moveAssertionIntoExtensions(xml, DEMO_IDENTITIES[1]!.fiscalNumber);
    expect(await attempt({}, { response: false, edit })).toEqual({ ok: false, reason: 'assertion_not_direct_child' });
  });

  it('refuses a genuinely signed foreign element next to an unsigned assertion (spid-saml-check 112)', async () => {
    // Any XML the IdP really signed: here an old error response of its own.
    const { fields: other } = setup();
    const foreign = signSamlElement(errorResponseXml(other, 'nr25'), 'response', { privateKey: idpKeys.privateKey });
    const edit = (xml: string) => injectSignedForeignElement(xml, foreign);
    expect(await attempt({}, { assertion: false, response: false, edit })).toEqual({
      ok: false,
      reason: 'foreign_signature',
    });
  });

  it('refuses a signature whose reference points at another element', async () => {
    const edit = (xml: string) => xml.replace(/<ds:Reference URI="#[^"]+"/, '<ds:Reference URI="#_altro"');
    expect(await attempt({}, { response: false, edit })).toEqual({ ok: false, reason: 'signature_reference_mismatch' });
  });

  it('refuses a DOCTYPE (entity expansion) and oversized input', async () => {
    const doctype = (xml: string) => `<!DOCTYPE r [<!ENTITY a "aaaa">]>${xml}`;
    expect(await attempt({}, { edit: doctype })).toEqual({ ok: false, reason: 'xml_invalid' });
    const { ctx } = setup();
    expect(await validateSamlResponse('A'.repeat(300_000), ctx)).toEqual({ ok: false, reason: 'input_too_large' });
    expect(await validateSamlResponse('not base64!', ctx)).toEqual({ ok: false, reason: 'input_not_base64' });
  });
});

describe('SAML Response under attack: request binding', () => {
  it('refuses a response without InResponseTo (unsolicited)', async () => {
    expect(await attempt({ inResponseTo: null })).toEqual({ ok: false, reason: 'in_response_to_missing' });
  });

  it('refuses an InResponseTo we never issued', async () => {
    expect(await attempt({ inResponseTo: '_mai-emessa', subjectInResponseTo: '_mai-emessa' })).toEqual({
      ok: false,
      reason: 'in_response_to_unknown',
    });
  });

  it('refuses the same valid response a second time (replay)', async () => {
    const { ctx, fields } = setup();
    const response = encode(fields);
    expect(await validateSamlResponse(response, ctx)).toMatchObject({ ok: true });
    expect(await validateSamlResponse(response, ctx)).toEqual({ ok: false, reason: 'in_response_to_unknown' });
  });

  it('refuses an assertion answering another request than the Response does', async () => {
    expect(await attempt({ subjectInResponseTo: '_altra' })).toEqual({
      ok: false,
      reason: 'subject_in_response_to_mismatch',
    });
  });
});

describe('SAML Response under attack: fields', () => {
  const cases: [string, Partial<ResponseFields>, string][] = [
    ['Destination wrong', { destination: 'https://altro.example.test/spid/acs' }, 'destination_mismatch'],
    ['Destination missing', { destination: null }, 'destination_mismatch'],
    ['Recipient wrong', { recipient: 'https://altro.example.test/spid/acs' }, 'recipient_mismatch'],
    ['Audience wrong', { audience: 'https://altro.example.test' }, 'audience_mismatch'],
    ['Audience missing', { audience: null }, 'audience_mismatch'],
    ['Response Issuer wrong', { responseIssuer: OTHER_IDP }, 'response_issuer_mismatch'],
    ['Response Issuer Format wrong', { responseIssuerFormat: 'urn:x' }, 'response_issuer_format_invalid'],
    ['Assertion Issuer wrong', { assertionIssuer: OTHER_IDP }, 'assertion_issuer_mismatch'],
    ['Assertion Issuer without Format', { assertionIssuerFormat: null }, 'assertion_issuer_format_invalid'],
    ['SubjectConfirmation NotOnOrAfter expired', { subjectNotOnOrAfter: at(-SAML_CLOCK_SKEW_MS - 1) }, 'subject_confirmation_expired'],
    ['Conditions NotOnOrAfter expired', { notOnOrAfter: at(-SAML_CLOCK_SKEW_MS - 1) }, 'conditions_expired'],
    ['NotBefore in the future', { notBefore: at(SAML_CLOCK_SKEW_MS + 1_000) }, 'not_yet_valid'],
    [
      'Response IssueInstant before the request',
      { issueInstant: at(-30_000 - SAML_CLOCK_SKEW_MS - 1_000) },
      'issue_instant_before_request',
    ],
    ['Assertion IssueInstant before the request', { assertionIssueInstant: at(-200_000) }, 'issue_instant_before_request'],
    ['IssueInstant in the future', { issueInstant: new Date('2099-01-01T00:00:00Z') }, 'issue_instant_in_future'],
    ['NameID not transient', { nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' }, 'name_id_not_transient'],
  ];

  it.each(cases)('refuses %s', async (_label, change, reason) => {
    expect(await attempt(change)).toEqual({ ok: false, reason });
  });

  const edits: [string, (xml: string) => string, string][] = [
    ['a document that is not a Response', (xml) => xml.replace(/samlp:Response/g, 'samlp:ArtifactResponse'), 'not_a_response'],
    ['a Response without Version', (xml) => xml.replace(/(<samlp:Response[^>]*) Version="2.0"/, '$1'), 'response_invalid'],
    ['a Response without Status', (xml) => xml.replace(/<samlp:Status>.*<\/samlp:Status>/, ''), 'status_missing'],
    ['a success without an assertion', (xml) => xml.replace(/<saml:Assertion .*<\/saml:Assertion>/, ''), 'assertion_missing'],
    [
      'an encrypted assertion',
      (xml) => xml.replace('</samlp:Response>', '<saml:EncryptedAssertion/></samlp:Response>'),
      'encrypted_assertion',
    ],
    ['a SHA-1 signature', (xml) => xml.replace(/xmldsig-more#rsa-sha256/, '#rsa-sha1'), 'signature_algorithm_not_allowed'],
  ];

  it.each(edits)('refuses %s', async (_label, edit, reason) => {
    expect(await attempt({}, { response: false, edit })).toEqual({ ok: false, reason });
  });

  const templates: [string, (xml: string) => string, string][] = [
    ['an unknown level', (xml) => xml.replace('/SpidL2<', '/SpidL4<'), 'level_unknown'],
    ['a repeated attribute', (xml) => xml.replace(/(<saml:Attribute Name="name".*?<\/saml:Attribute>)/, '$1$1'), 'attribute_repeated'],
    ['a NameID without NameQualifier', (xml) => xml.replace(/ NameQualifier="[^"]*"/, ''), 'name_id_qualifier_missing'],
    ['a non-bearer SubjectConfirmation', (xml) => xml.replace('cm:bearer', 'cm:holder-of-key'), 'subject_confirmation_invalid'],
    ['an assertion without Conditions', (xml) => xml.replace(/<saml:Conditions.*<\/saml:Conditions>/, ''), 'conditions_missing'],
    [
      'two Audiences',
      (xml) => xml.replace('</saml:AudienceRestriction>', `<saml:Audience>${SP}</saml:Audience></saml:AudienceRestriction>`),
      'audience_mismatch',
    ],
  ];

  it.each(templates)('refuses %s, even when properly signed', async (_label, template, reason) => {
    expect(await attempt({}, { template })).toEqual({ ok: false, reason });
  });

  it('refuses a request bound to an IdP that is no longer configured', async () => {
    const { ctx, fields } = setup(2, 'https://rimosso.example.test/');
    expect(await validateSamlResponse(encode(fields), ctx)).toEqual({ ok: false, reason: 'idp_unknown' });
  });

  it('accepts a Response Issuer without Format (allowed by SPID)', async () => {
    expect(await attempt({ responseIssuerFormat: null })).toMatchObject({ ok: true });
  });

  it('refuses a level lower than requested', async () => {
    expect(await attempt({ level: 1 }, {}, 2)).toEqual({ ok: false, reason: 'level_too_low' });
    expect(await attempt({ level: 2 }, {}, 3)).toEqual({ ok: false, reason: 'level_too_low' });
  });

  it('refuses a missing or foreign fiscal number', async () => {
    const { fiscalNumber: _dropped, ...withoutFiscalNumber } = setup().fields.attributes;
    expect(await attempt({ attributes: withoutFiscalNumber })).toEqual({ ok: false, reason: 'attributes_missing' });
    const foreign = { ...setup().fields.attributes, fiscalNumber: 'TINFR-1234567890123' };
    expect(await attempt({ attributes: foreign })).toEqual({ ok: false, reason: 'fiscal_number_invalid' });
  });

  it('accepts a CIE assertion Issuer without Format only for an IdP configured as CIE', async () => {
    const { ctx, fields } = setup();
    const cie = { ...ctx, idps: idps.map((p) => (p.entityId === IDP ? { ...p, kind: 'cie' as const } : p)) };
    expect(await validateSamlResponse(encode({ ...fields, assertionIssuerFormat: null }), cie)).toMatchObject({ ok: true });
  });
});

describe('SAML Response: IdP error codes', () => {
  it.each(IDP_ERROR_CODES)('maps ErrorCode %s to its reason and an Italian page', async (code) => {
    const { ctx, fields } = setup();
    const base64 = Buffer.from(errorResponseXml(fields, code)).toString('base64');
    expect(await validateSamlResponse(base64, ctx)).toEqual({ ok: false, reason: 'idp_error', idpErrorCode: code });
    const message = idpErrorMessage(code);
    expect(message.title).not.toBe(idpErrorMessage(undefined).title);
    expect(message.action.length).toBeGreaterThan(20);
  });

  it('refuses an error response that answers no request of ours (unsolicited)', async () => {
    const { ctx, fields } = setup();
    const base64 = Buffer.from(errorResponseXml({ ...fields, inResponseTo: '_mai-emessa' }, 'nr22')).toString('base64');
    expect(await validateSamlResponse(base64, ctx)).toEqual({ ok: false, reason: 'in_response_to_unknown' });
  });

  it('reads only well-formed codes', () => {
    expect(idpErrorCodeFrom('ErrorCode nr19')).toBe('nr19');
    expect(idpErrorCodeFrom('ErrorCode nr24')).toBeUndefined();
    expect(idpErrorCodeFrom('<script>nr19')).toBeUndefined();
    expect(fiscalNumberFromSpid('TINIT-RSSMRA80A01H501X')).toBeUndefined();
  });
});

describe('demo IdP', () => {
  const demo = createDemoIdp('https://pagamenti.example.test/spid/demo-idp', 'https://pagamenti.example.test/spid/demo-idp');
  const ctxFor = (level: SpidLevel) => {
    const { ctx, request } = setup(level, demo.provider.entityId);
    return { request, ctx: { ...ctx, idps: [demo.provider], now: new Date() } };
  };

  it('signs responses the ACS accepts', async () => {
    const { ctx, request } = ctxFor(2);
    const base64 = demo.respond({
      requestId: request.id,
      level: 2,
      identityKey: 'mario',
      spEntityId: SP,
      acsUrl: ACS,
      now: new Date(),
    });
    expect(await validateSamlResponse(base64!, ctx)).toMatchObject({
      ok: true,
      identity: { fiscalNumber: 'RSSMRA80A01H501U', level: 2 },
    });
  });

  it('answers nr20 when the identity cannot reach the requested level', async () => {
    const { ctx, request } = ctxFor(3);
    const base64 = demo.respond({
      requestId: request.id,
      level: 3,
      identityKey: 'mario',
      spEntityId: SP,
      acsUrl: ACS,
      now: new Date(),
    });
    expect(await validateSamlResponse(base64!, ctx)).toEqual({ ok: false, reason: 'idp_error', idpErrorCode: 'nr20' });
  });
});
