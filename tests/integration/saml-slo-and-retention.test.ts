import { createPrivateKey, createSign, randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { eq, sql } from 'drizzle-orm';
import { authLog, loginTickets } from '@/db/schema';
import { findIdentityProvider } from '@/lib/auth/identity-providers';
import { authLogCutoff, logAuthnRequest, purgeAuthLog } from '@/lib/auth/saml/auth-log';
import { logoutRequestUrl, redirectSignatureValid } from '@/lib/auth/saml/logout';
import { currentServiceProvider } from '@/lib/auth/saml/service-provider';
import { handleSlo } from '@/lib/auth/saml/slo';
import { signEnveloped } from '@/lib/auth/saml/xml-sign';
import { issueTicket, pruneTickets } from '@/lib/auth/tickets';
import { withTestDatabase } from '../support/test-db';
import { BASE, ENTE_HOST, get, postForm, testIdpList } from '../support/saml-flow';

const { db } = withTestDatabase({ seed: false });

const TEST_IDP = 'https://idp.slo.example/';
let idpKey: string;
let idpCert: string;

beforeAll(() => {
  const list = testIdpList(TEST_IDP);
  process.env.SPID_IDP_LIST_FILE = list.listFile;
  idpKey = list.privateKey;
  idpCert = list.certPem;
});
afterAll(() => {
  delete process.env.SPID_IDP_LIST_FILE;
});

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';

/** A message from the test IdP by HTTP-Redirect, signed with its key unless `unsigned`. */
function fromIdp(parameter: 'SAMLRequest' | 'SAMLResponse', xml: string, unsigned = false): string {
  const signed = `${parameter}=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}&SigAlg=${encodeURIComponent(RSA_SHA256)}`;
  const signature = createSign('RSA-SHA256').update(signed).sign(idpKey).toString('base64');
  return `http://${BASE}/spid/slo?${signed}${unsigned ? '' : `&Signature=${encodeURIComponent(signature)}`}`;
}

const logoutRequestXml = (id: string) =>
  `<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="http://${BASE}/spid/slo">` +
  `<saml:Issuer Format="urn:oasis:names:tc:SAML:2.0:nameid-format:entity">${TEST_IDP}</saml:Issuer>` +
  `<saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient" NameQualifier="${TEST_IDP}">_abc</saml:NameID></samlp:LogoutRequest>`;

describe('single logout', () => {
  it('the portal’s LogoutRequest goes to the IdP’s SLO address, signed, naming the session', async () => {
    const sp = await currentServiceProvider(db());
    const idp = findIdentityProvider(TEST_IDP)!;
    const url = logoutRequestUrl(sp, idp, { nameId: '_nome', nameQualifier: TEST_IDP, sessionIndex: '_sessione' }, new Date())!;
    expect(url.startsWith(`${TEST_IDP}slo?SAMLRequest=`)).toBe(true);
    const xml = inflateRawSync(Buffer.from(new URL(url).searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    expect(xml).toContain('<samlp:LogoutRequest');
    expect(xml).toContain('>_nome</saml:NameID>');
    expect(xml).toContain('<samlp:SessionIndex>_sessione</samlp:SessionIndex>');
    expect(redirectSignatureValid(new URL(url).search, 'SAMLRequest', { ...idp, certificates: [sp.certPem] })).toBe(true);
    expect(logoutRequestUrl(sp, { ...idp, sloUrl: undefined }, { nameId: '_nome' }, new Date())).toBeUndefined();
  });

  it('answers an IdP’s signed LogoutRequest with a signed LogoutResponse, and refuses an unsigned one', async () => {
    const id = `_${randomBytes(8).toString('hex')}`;
    const answered = await handleSlo(get(fromIdp('SAMLRequest', logoutRequestXml(id))), db(), new Date());
    expect(answered.status).toBe(303);
    const location = answered.headers.get('location')!;
    expect(location.startsWith(`${TEST_IDP}slo?SAMLResponse=`)).toBe(true);
    const xml = inflateRawSync(Buffer.from(new URL(location).searchParams.get('SAMLResponse')!, 'base64')).toString('utf8');
    expect(xml).toContain(`InResponseTo="${id}"`);
    expect(xml).toContain('status:Success');

    const unsigned = await handleSlo(get(fromIdp('SAMLRequest', logoutRequestXml(id), true)), db(), new Date());
    expect(unsigned.status).toBe(400);
  });

  it('accepts an IdP’s LogoutRequest by HTTP-POST only with a valid enveloped signature on the message itself', async () => {
    const id = `_${randomBytes(8).toString('hex')}`;
    const root = "/*[local-name()='LogoutRequest']";
    const signed = signEnveloped(logoutRequestXml(id), {
      privateKey: createPrivateKey(idpKey),
      certPem: idpCert,
      elementXPath: root,
      location: { reference: `${root}/*[local-name()='Issuer']`, action: 'after' },
    });
    const post = (xml: string) =>
      handleSlo(postForm(`http://${BASE}/spid/slo`, { SAMLRequest: Buffer.from(xml).toString('base64') }), db(), new Date());
    expect((await post(signed)).status).toBe(303);
    expect((await post(signed.replace('>_abc<', '>_altro<'))).status).toBe(400);
    expect((await post(logoutRequestXml(id))).status).toBe(400);
  });

  it('a LogoutResponse closes the logout with an Italian page; garbage, unknown IdPs and Ente hosts are refused', async () => {
    const response =
      `<samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r" Version="2.0" IssueInstant="${new Date().toISOString()}">` +
      `<saml:Issuer>${TEST_IDP}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>`;
    const page = await handleSlo(get(fromIdp('SAMLResponse', response)), db(), new Date());
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Sei uscito');
    expect((await handleSlo(get(`http://${BASE}/spid/slo?SAMLRequest=bm9u`), db(), new Date())).status).toBe(400);
    expect(
      (await handleSlo(get(fromIdp('SAMLResponse', response.replace(TEST_IDP, 'https://evil.example/'))), db(), new Date())).status,
    ).toBe(400);
    expect((await handleSlo(get(`http://${ENTE_HOST}/spid/slo?SAMLRequest=x`), db(), new Date())).status).toBe(404);
  });
});

describe('retention jobs', () => {
  it('purges auth log rows older than the retention and keeps the rest', async () => {
    const now = new Date('2026-11-27T10:00:00Z');
    for (const [id, createdAt] of [
      ['_vecchia', new Date('2024-11-26T10:00:00Z')],
      ['_recente', new Date('2024-11-28T10:00:00Z')],
    ] as const) {
      await logAuthnRequest(db(), { method: 'spid', requestId: id, provider: TEST_IDP, issueInstant: createdAt, xml: '<x/>' });
      await db().update(authLog).set({ createdAt }).where(eq(authLog.requestId, id));
    }
    expect(authLogCutoff(24, now).toISOString()).toBe('2024-11-27T10:00:00.000Z');
    expect(await purgeAuthLog(db(), authLogCutoff(24, now))).toBe(1);
    const left = await db().select({ id: authLog.requestId }).from(authLog);
    expect(left.map((r) => r.id)).toEqual(['_recente']);
  });

  it('prunes expired login tickets only', async () => {
    const now = new Date();
    const identity = {
      fiscalCode: 'RSSMRA80A01H501U',
      givenName: 'Mario',
      familyName: 'Rossi',
      method: 'spid' as const,
      provider: TEST_IDP,
    };
    const binding = { host: ENTE_HOST, returnPath: '/', browserBindingHash: 'a'.repeat(64), identity };
    await issueTicket(db(), { ...binding, now: new Date(now.getTime() - 3_600_000) });
    await issueTicket(db(), { ...binding, now });
    expect(await pruneTickets(db(), now)).toBe(1);
    expect(
      (
        await db()
          .select({ n: sql<number>`count(*)::int` })
          .from(loginTickets)
      )[0]!.n,
    ).toBe(1);
  });
});
