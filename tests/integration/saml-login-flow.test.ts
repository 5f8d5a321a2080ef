import { createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { authLog, enti, samlRequests } from '@/db/schema';
import { completeLogin } from '@/lib/auth/complete-login';
import { demoIdpEntityIds, loginFormTargets } from '@/lib/auth/identity-providers';
import { receiveSamlResponse } from '@/lib/auth/saml/acs';
import { defaultResponseFields, errorResponseXml, successResponseXml } from '@/lib/auth/saml/demo-idp/build-response';
import { DEMO_IDENTITIES } from '@/lib/auth/saml/demo-idp/identities';
import { answerDemoIdp, showDemoIdp } from '@/lib/auth/saml/demo-idp/page';
import { signSamlElement } from '@/lib/auth/saml/demo-idp/sign';
import { IDP_ERROR_CODES, idpErrorMessage } from '@/lib/auth/saml/idp-errors';
import type { SpidLevel } from '@/lib/auth/saml/levels';
import { serveMetadata } from '@/lib/auth/saml/metadata-route';
import { startSamlLogin } from '@/lib/auth/saml/start-login';
import { redeemTicket } from '@/lib/auth/tickets';
import { readConfig } from '@/lib/config';
import { contentSecurityPolicy } from '@/lib/security/response-headers';
import { withTestDatabase } from '../support/test-db';
import { BASE, ENTE_HOST, authnRequestOf, formOf, get, postForm, testIdpList } from '../support/saml-flow';

const { db } = withTestDatabase();

const TEST_IDP = 'https://idp.prova.example/';
const ACS = `http://${BASE}/spid/acs`;
const browserA = createHash('sha256').update('browser-a').digest('hex');
const browserB = createHash('sha256').update('browser-b').digest('hex');
let testIdpKey: string;

beforeAll(() => {
  const list = testIdpList(TEST_IDP);
  process.env.SPID_IDP_LIST_FILE = list.listFile;
  testIdpKey = list.privateKey;
});
afterAll(() => {
  delete process.env.SPID_IDP_LIST_FILE;
});

async function start(path: string, options: { host?: string; kind?: 'spid' | 'cie'; browser?: string; staffLevel?: number } = {}) {
  const host = options.host ?? ENTE_HOST;
  const config = { ...readConfig(), ...(options.staffLevel ? { SPID_LEVEL_STAFF: options.staffLevel } : {}) };
  return startSamlLogin(get(`http://${host}${path}`), options.kind ?? 'spid', {
    db: db(),
    now: new Date(),
    browserKeyHash: async () => options.browser ?? browserA,
    config,
  });
}

const spidStart = (ritorno = '/') =>
  `/accedi/spid?idp=${encodeURIComponent(demoIdpEntityIds().spid)}&ritorno=${encodeURIComponent(ritorno)}`;

/** Start → demo IdP page → the person's choice: the form the demo IdP auto-submits to the ACS. */
async function throughDemoIdp(startResponse: Response, choice: Record<string, string>) {
  expect(startResponse.status).toBe(303);
  const idpUrl = startResponse.headers.get('location')!;
  const page = await showDemoIdp(get(idpUrl), { db: db(), now: new Date() });
  expect(page.status).toBe(200);
  const answer = await answerDemoIdp(postForm(idpUrl, { richiesta: new URL(idpUrl).search, ...choice }), { db: db(), now: new Date() });
  expect(answer.status).toBe(200);
  return formOf(await answer.text());
}

const acs = (fields: Record<string, string> | string) => receiveSamlResponse(postForm(ACS, fields), { db: db(), now: new Date() });

function ticketOf(location: string): string {
  const url = new URL(location);
  expect(url.pathname).toBe('/accedi/completa');
  return url.searchParams.get('ticket')!;
}

/** A Response from the test IdP (listed in the AgID format) to the request behind `redirectUrl`. */
function testIdpResponse(
  redirectUrl: string,
  change: { level?: SpidLevel; error?: (typeof IDP_ERROR_CODES)[number]; requestId?: string } = {},
) {
  const request = authnRequestOf(redirectUrl);
  const person = DEMO_IDENTITIES[0]!;
  const fields = defaultResponseFields({
    idpEntityId: TEST_IDP,
    spEntityId: `http://${BASE}`,
    acsUrl: ACS,
    requestId: change.requestId ?? request.id,
    level: change.level ?? 2,
    now: new Date(),
    identity: { fiscalNumber: person.fiscalNumber, name: person.name, familyName: person.familyName, email: person.email },
  });
  const xml = change.error
    ? errorResponseXml(fields, change.error)
    : signSamlElement(successResponseXml(fields), 'assertion', { privateKey: testIdpKey });
  return Buffer.from(xml).toString('base64');
}

describe('SPID login, end to end through the demo IdP', () => {
  it('start → demo IdP → ACS → ticket → session on the Ente host, with the exchange logged', async () => {
    const started = await start(spidStart('/servizi'));
    const location = started.headers.get('location')!;
    expect(location.startsWith(`http://${BASE}/spid/demo-idp?SAMLRequest=`)).toBe(true);
    const { id, xml } = authnRequestOf(location);
    const [comuneDemo] = await db().select().from(samlRequests).where(eq(samlRequests.id, id));
    expect(comuneDemo).toMatchObject({ enteHost: ENTE_HOST, returnPath: '/servizi', level: 2, browserBindingHash: browserA });
    expect(xml).toMatch(/AttributeConsumingServiceIndex="[1-9][0-9]*"/);

    const form = await throughDemoIdp(started, { identita: 'mario', azione: 'entra' });
    expect(form.action).toBe(ACS);
    const answered = await acs(form.fields);
    expect(answered.status).toBe(303);
    const ticket = ticketOf(answered.headers.get('location')!);
    expect(new URL(answered.headers.get('location')!).host).toBe(ENTE_HOST);

    const completed = await completeLogin(get(`http://${ENTE_HOST}/accedi/completa?ticket=${ticket}`), {
      db: db(),
      now: new Date(),
      signInWithTicket: async (t) => {
        const result = await redeemTicket(db(), { ticket: t, host: ENTE_HOST, browserBindingHash: browserA, now: new Date() });
        expect(result).toMatchObject({ ok: true, identity: { fiscalCode: 'RSSMRA80A01H501U', method: 'spid', level: 2 } });
        if (result.ok) expect(result.identity.saml?.nameId).toBeTruthy();
        return result.ok;
      },
    });
    expect(completed.status).toBe(303);
    expect(completed.headers.get('location')).toBe(`http://${ENTE_HOST}/servizi`);
    expect(completed.headers.get('referrer-policy')).toBe('no-referrer');

    const [log] = await db().select().from(authLog).where(eq(authLog.requestId, id));
    expect(log).toMatchObject({ method: 'spid', outcome: 'accepted', fiscalCode: 'RSSMRA80A01H501U', provider: demoIdpEntityIds().spid });
    expect(log!.request).toContain(id);
    expect(log!.response).toContain(`InResponseTo="${id}"`);
    expect(log!.responseId).toBeTruthy();
    expect(log!.assertionSubject).toBeTruthy();
  });

  it('CIE works the same way, with the CIE demo IdP', async () => {
    const started = await start('/accedi/cie?ritorno=/', { kind: 'cie' });
    expect(started.headers.get('location')).toContain('/spid/demo-idp?tipo=cie&SAMLRequest=');
    const form = await throughDemoIdp(started, { identita: 'giulia', azione: 'entra' });
    const answered = await acs(form.fields);
    expect(answered.status).toBe(303);
    const result = await redeemTicket(db(), {
      ticket: ticketOf(answered.headers.get('location')!),
      host: ENTE_HOST,
      browserBindingHash: browserA,
      now: new Date(),
    });
    expect(result).toMatchObject({
      ok: true,
      identity: { fiscalCode: 'BNCGLI92H55F205N', method: 'cie', provider: demoIdpEntityIds().cie },
    });
  });

  it('the provincial host starts a login too, with the Province attribute set (index 0)', async () => {
    const started = await start(spidStart('/cit'), { host: BASE, staffLevel: 3 });
    const { xml } = authnRequestOf(started.headers.get('location')!);
    expect(xml).toContain('AttributeConsumingServiceIndex="0"');
    expect(xml).toContain('https://www.spid.gov.it/SpidL3');
  });
});

describe('SAML wiring under attack', () => {
  it('a replayed SAMLResponse is refused, and issues no second ticket', async () => {
    const form = await throughDemoIdp(await start(spidStart()), { identita: 'mario', azione: 'entra' });
    expect((await acs(form.fields)).status).toBe(303);
    const replay = await acs(form.fields);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('Accesso non completato');
  });

  it('a ticket redeemed by another browser, or on another Ente host, gives no session and is burnt', async () => {
    for (const attempt of [
      { host: ENTE_HOST, browserBindingHash: browserB, reason: 'wrong_browser' },
      { host: `valmora.${BASE}`, browserBindingHash: browserA, reason: 'wrong_host' },
    ]) {
      const form = await throughDemoIdp(await start(spidStart()), { identita: 'mario', azione: 'entra' });
      const ticket = ticketOf((await acs(form.fields)).headers.get('location')!);
      expect(
        await redeemTicket(db(), { ticket, host: attempt.host, browserBindingHash: attempt.browserBindingHash, now: new Date() }),
      ).toEqual({
        ok: false,
        reason: attempt.reason,
      });
      expect(await redeemTicket(db(), { ticket, host: ENTE_HOST, browserBindingHash: browserA, now: new Date() })).toEqual({
        ok: false,
        reason: 'unknown_or_used',
      });
    }
  });

  it('/accedi/completa with a refused ticket shows the Italian page, with a way back to the login', async () => {
    const page = await completeLogin(get(`http://${ENTE_HOST}/accedi/completa?ticket=${'x'.repeat(43)}`), {
      db: db(),
      now: new Date(),
      signInWithTicket: async () => false,
    });
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).toContain('Accesso non completato');
    expect(html).toContain(`http://${ENTE_HOST}/accedi?ritorno=%2F`);
  });

  it('an unsolicited Response (for a request never issued) is refused', async () => {
    const started = await start(`/accedi/spid?idp=${encodeURIComponent(TEST_IDP)}`);
    const response = await acs({
      SAMLResponse: testIdpResponse(started.headers.get('location')!, { requestId: `_${randomBytes(16).toString('hex')}` }),
    });
    expect(response.status).toBe(400);
  });

  it('a Response whose level is lower than requested is refused (403) with the advice of nr20', async () => {
    const started = await start(`/accedi/spid?idp=${encodeURIComponent(TEST_IDP)}&ritorno=/admin`, { staffLevel: 3 });
    expect(started.headers.get('location')!.startsWith(`${TEST_IDP}sso?SAMLRequest=`)).toBe(true);
    const response = await acs({ SAMLResponse: testIdpResponse(started.headers.get('location')!, { level: 2 }) });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(idpErrorMessage('nr20').title);
    const { id } = authnRequestOf(started.headers.get('location')!);
    const [log] = await db().select().from(authLog).where(eq(authLog.requestId, id));
    expect(log).toMatchObject({ outcome: 'refused', reason: 'level_too_low' });
  });

  it('an IdP listed in the AgID format signs in like the demo one', async () => {
    const started = await start(`/accedi/spid?idp=${encodeURIComponent(TEST_IDP)}`);
    const response = await acs({ SAMLResponse: testIdpResponse(started.headers.get('location')!) });
    expect(response.status).toBe(303);
  });

  it('an IdP with only HTTP-POST SSO gets a signed auto-submitting form, and only the login paths may post to it', async () => {
    const postIdp = 'https://idp.solo-post.example/';
    const config = { ...readConfig(), SPID_IDP_LIST_FILE: testIdpList(postIdp, 'HTTP-POST').listFile };
    const request = get(`http://${ENTE_HOST}/accedi/spid?idp=${encodeURIComponent(postIdp)}`);
    const page = await startSamlLogin(request, 'spid', { db: db(), now: new Date(), browserKeyHash: async () => browserA, config });
    expect(page.status).toBe(200);
    const form = formOf(await page.text());
    expect(form.action).toBe(`${postIdp}sso`);
    expect(Buffer.from(form.fields.SAMLRequest!, 'base64').toString('utf8')).toContain('<ds:Signature');

    expect(loginFormTargets('/accedi/spid', config)).toEqual(['https://idp.solo-post.example']);
    expect(loginFormTargets('/accedi/completa', config)).toEqual([]);
    const policy = contentSecurityPolicy({
      nonce: 'n',
      scheme: 'http',
      baseDomain: BASE,
      development: false,
      formTargets: loginFormTargets('/accedi/spid', config),
    });
    expect(policy).toContain(`form-action 'self' http://${BASE} http://*.${BASE} https://idp.solo-post.example;`);
  });

  it.each(IDP_ERROR_CODES)('IdP error %s: its own page, status 403, logged as idp_error', async (code) => {
    const started = await start(`/accedi/spid?idp=${encodeURIComponent(TEST_IDP)}`);
    const response = await acs({ SAMLResponse: testIdpResponse(started.headers.get('location')!, { error: code }) });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain(idpErrorMessage(code).title.replace(/’/g, '’'));
    expect(html).toContain('Cosa puoi fare');
    const [log] = await db()
      .select()
      .from(authLog)
      .where(eq(authLog.requestId, authnRequestOf(started.headers.get('location')!).id));
    expect(log).toMatchObject({ outcome: 'idp_error', reason: code });
  });

  it('cancelling on the demo IdP shows the nr25 page', async () => {
    const form = await throughDemoIdp(await start(spidStart()), { azione: 'annulla' });
    const response = await acs(form.fields);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('Accesso annullato');
  });

  it('an unknown IdP is a 400 page; an unknown or ceased Ente host is a 404', async () => {
    const unknown = await start('/accedi/spid?idp=https%3A%2F%2Fevil.example%2F');
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('Gestore di identità non riconosciuto');
    expect((await start(spidStart(), { host: `nessuno.${BASE}` })).status).toBe(404);
    expect((await start(spidStart(), { host: 'evil.example' })).status).toBe(404);
    const [before] = await db().select({ status: enti.adhesionStatus }).from(enti).where(eq(enti.slug, 'castel-oglio'));
    try {
      await db().update(enti).set({ adhesionStatus: 'cessato' }).where(eq(enti.slug, 'castel-oglio'));
      expect((await start(spidStart(), { host: `castel-oglio.${BASE}` })).status).toBe(404);
    } finally {
      await db().update(enti).set({ adhesionStatus: before!.status }).where(eq(enti.slug, 'castel-oglio'));
    }
  });

  it('the staff of an Ente not active yet sign in to its back office, under the Province’s service index', async () => {
    // Pratolungo is still being activated: the metadata does not list its service yet, so the request names the Province's (0).
    const started = await start(spidStart('/admin'), { host: `pratolungo.${BASE}` });
    const { id, xml } = authnRequestOf(started.headers.get('location')!);
    expect(xml).toContain('AttributeConsumingServiceIndex="0"');
    const [row] = await db().select().from(samlRequests).where(eq(samlRequests.id, id));
    expect(row).toMatchObject({ enteHost: `pratolungo.${BASE}`, returnPath: '/admin' });
  });

  it('ritorno=//evil.example falls back to the home page of the same host', async () => {
    const started = await start(spidStart('//evil.example'));
    const { id } = authnRequestOf(started.headers.get('location')!);
    const [row] = await db().select().from(samlRequests).where(eq(samlRequests.id, id));
    expect(row).toMatchObject({ returnPath: '/', enteHost: ENTE_HOST });
  });

  it('a huge body is refused before it is read (413), odd forms with 400', async () => {
    const huge = await acs(`SAMLResponse=${'A'.repeat(700_000)}`);
    expect(huge.status).toBe(413);
    expect((await acs('RelayState=abc')).status).toBe(400);
    expect((await acs({ SAMLResponse: 'bm9uIMOoIFNBTUw=' })).status).toBe(400);
  });

  it('the ACS and the demo IdP answer only on the base domain', async () => {
    const onEnte = await receiveSamlResponse(postForm(`http://${ENTE_HOST}/spid/acs`, { SAMLResponse: 'QQ==' }), {
      db: db(),
      now: new Date(),
    });
    expect(onEnte.status).toBe(404);
    expect((await showDemoIdp(get(`http://${ENTE_HOST}/spid/demo-idp`), { db: db(), now: new Date() })).status).toBe(404);
  });

  it('the demo IdP refuses odd choices: a huge body, an unknown action, no person chosen', async () => {
    const idpUrl = (await start(spidStart())).headers.get('location')!;
    const richiesta = new URL(idpUrl).search;
    const answer = (fields: Record<string, string> | string) => answerDemoIdp(postForm(idpUrl, fields), { db: db(), now: new Date() });
    expect((await answer(`richiesta=${'A'.repeat(40_000)}`)).status).toBe(413);
    expect((await answer({ richiesta, azione: 'forza' })).status).toBe(400);
    const none = await answer({ richiesta, azione: 'entra' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('Scegli una persona dall’elenco.');
    expect((await answer({ richiesta, identita: 'nessuno', azione: 'entra' })).status).toBe(400);
  });

  it('the demo IdP refuses a request not signed by the portal', async () => {
    const location = (await start(spidStart())).headers.get('location')!;
    const tampered = location.replace(/Signature=[^&]+/, 'Signature=' + encodeURIComponent(Buffer.alloc(256).toString('base64')));
    expect((await showDemoIdp(get(tampered), { db: db(), now: new Date() })).status).toBe(400);
  });
});

describe('SP metadata', () => {
  it('lists every active Ente as an AttributeConsumingService, signed, cacheable; 404 on an Ente host', async () => {
    const response = await serveMetadata(get(`http://${BASE}/spid/metadata`), 'spid', db());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await response.text();
    expect(xml).toContain('<md:AttributeConsumingService index="0">');
    expect(xml).toMatch(/<md:AttributeConsumingService index="[1-9]\d*"><md:ServiceName xml:lang="it">Pagamenti - Comune di Demo/);
    expect(xml).not.toContain('Pratolungo');
    expect(xml).toContain('<ds:Signature');
    const etag = response.headers.get('etag')!;
    const again = await serveMetadata(get(`http://${BASE}/spid/metadata`, { 'if-none-match': etag }), 'spid', db());
    expect(again.status).toBe(304);
    expect((await serveMetadata(get(`http://${BASE}/cie/metadata`), 'cie', db())).status).toBe(200);
    expect((await serveMetadata(get(`http://${ENTE_HOST}/spid/metadata`), 'spid', db())).status).toBe(404);
  });
});
