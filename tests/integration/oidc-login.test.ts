import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { authLog, loginTickets, oidcRequests } from '@/db/schema';
import { handleOidcCallback } from '@/lib/auth/oidc/callback';
import { OIDC_REQUEST_TTL_MINUTES, pruneOidcRequests, stateHash } from '@/lib/auth/oidc/request-store';
import { handleOidcStart } from '@/lib/auth/oidc/start';
import { redeemTicket } from '@/lib/auth/tickets';
import { hashBrowserKey } from '@/lib/payments/browser-key';
import { startTestProvider, type TestProvider } from '../support/oidc-test-provider';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase({ seed: true });

const BASE = 'localhost:3000';
const ENTE_HOST = `comune-demo.${BASE}`;
const REDIRECT_URI = `http://${BASE}/oidc/callback`;
const OIDC_ENV = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_SCOPE', 'PORTAL_BASE_DOMAIN', 'PORTAL_SCHEME'] as const;

let provider: TestProvider;
const savedEnv: Partial<Record<(typeof OIDC_ENV)[number], string>> = {};

function configure(overrides: Partial<Record<(typeof OIDC_ENV)[number], string | undefined>> = {}) {
  const values = {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_SCOPE: 'openid profile email fiscal_number',
    PORTAL_BASE_DOMAIN: BASE,
    PORTAL_SCHEME: 'http',
    ...overrides,
  };
  for (const name of OIDC_ENV) {
    if (values[name] === undefined) delete process.env[name];
    else process.env[name] = values[name];
  }
}

beforeAll(async () => {
  for (const name of OIDC_ENV) savedEnv[name] = process.env[name];
  provider = await startTestProvider({ redirectUri: REDIRECT_URI });
});

afterAll(async () => {
  await provider?.stop();
  for (const name of OIDC_ENV) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
});

beforeEach(() => configure());

/** A browser: its key's hash is what ensureBrowserKeyHash() gives the start route. */
function newBrowser(): string {
  return hashBrowserKey(randomBytes(32).toString('base64url'));
}

function start(host: string, query: string, browser: string, now = new Date()): Promise<Response> {
  // The route sees the internal path the middleware rewrote to; only the query and the Host matter.
  const request = new Request(`http://${host}/ente/comune-demo/accedi/oidc${query}`, {
    headers: { host, 'x-forwarded-for': '198.51.100.9' },
  });
  return handleOidcStart(request, { db: db(), now, browserKeyHash: async () => browser });
}

function callback(answer: URL | string, host = BASE, now = new Date()): Promise<Response> {
  const search = typeof answer === 'string' ? answer : answer.search;
  return handleOidcCallback(new Request(`http://${host}/provincia/oidc/callback${search}`, { headers: { host } }), { db: db(), now });
}

function location(response: Response): URL {
  expect(response.status).toBe(303);
  return new URL(response.headers.get('location')!);
}

/** Start on the Ente's host, sign in at the provider as `account`, and return the callback's answer. */
async function loginAs(account: string, browser = newBrowser(), ritorno = '/area-personale') {
  const authorization = location(await start(ENTE_HOST, `?ritorno=${encodeURIComponent(ritorno)}`, browser));
  const state = authorization.searchParams.get('state')!;
  const answer = await provider.signIn(authorization.href, account);
  return { browser, state, authorization, answer, response: await callback(answer) };
}

async function logRow(state: string) {
  const [row] = await db()
    .select()
    .from(authLog)
    .where(eq(authLog.requestId, stateHash(state)));
  return row;
}

function expectErrorPage(response: Response, host: string, motivo: string) {
  const target = location(response);
  expect(target.host).toBe(host);
  expect(target.pathname).toBe('/accedi/oidc/errore');
  expect(target.searchParams.get('motivo')).toBe(motivo);
  return target;
}

describe('OIDC login against a real provider', () => {
  it('start → provider → callback → ticket: the ticket signs the person in on the host the login started from', async () => {
    const { browser, state, authorization, answer, response } = await loginAs('mario', undefined, '/area-personale?anno=2026');

    expect(authorization.origin).toBe(provider.issuer);
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authorization.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(authorization.searchParams.get('scope')).toBe('openid profile email fiscal_number');
    expect(answer.searchParams.get('code')).toBeTruthy();

    const completion = location(response);
    expect(completion.origin).toBe(`http://${ENTE_HOST}`);
    expect(completion.pathname).toBe('/accedi/completa');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('cache-control')).toBe('no-store');

    const redeemed = await redeemTicket(db(), {
      ticket: completion.searchParams.get('ticket')!,
      host: ENTE_HOST,
      browserBindingHash: browser,
      now: new Date(),
    });
    expect(redeemed).toEqual({
      ok: true,
      returnPath: '/area-personale?anno=2026',
      identity: {
        fiscalCode: 'RSSMRA80A01H501U',
        givenName: 'Mario',
        familyName: 'Rossi',
        email: 'mario.rossi@example.org',
        method: 'oidc',
        provider: provider.issuer,
      },
    });

    const row = await logRow(state);
    expect(row).toMatchObject({ method: 'oidc', provider: provider.issuer, outcome: 'accepted', fiscalCode: 'RSSMRA80A01H501U' });
    expect(row?.responseIssuer).toBe(provider.issuer);
    expect(row?.assertionSubject).toBe('mario');
    expect(row?.response?.split('.')).toHaveLength(3); // the signed ID token, as proof
    expect(row?.request).not.toContain(state); // the state stays secret until used
    expect(row?.request).toContain('code_challenge=');
  });

  it('a replayed callback is refused and does not overwrite the log', async () => {
    const { state, answer } = await loginAs('mario');
    const tickets = (await db().select().from(loginTickets)).length;
    const replay = await callback(answer);
    expectErrorPage(replay, BASE, 'scaduto');
    expect((await logRow(state))?.outcome).toBe('accepted');
    expect(await db().select().from(loginTickets)).toHaveLength(tickets);
  });

  it('the ticket is useless in another browser or on another host', async () => {
    const first = await loginAs('mario');
    const ticket = location(first.response).searchParams.get('ticket')!;
    expect(await redeemTicket(db(), { ticket, host: ENTE_HOST, browserBindingHash: newBrowser(), now: new Date() })).toEqual({
      ok: false,
      reason: 'wrong_browser',
    });

    const second = await loginAs('mario');
    const other = location(second.response).searchParams.get('ticket')!;
    expect(
      await redeemTicket(db(), { ticket: other, host: `valmora.${BASE}`, browserBindingHash: second.browser, now: new Date() }),
    ).toEqual({
      ok: false,
      reason: 'wrong_host',
    });
  });

  it('a nonce changed on the way to the provider makes the ID token fail validation', async () => {
    const authorization = location(await start(ENTE_HOST, '?ritorno=/', newBrowser()));
    const state = authorization.searchParams.get('state')!;
    authorization.searchParams.set('nonce', 'nonce-di-un-attaccante-0123456789abcdefghijk');
    const response = await callback(await provider.signIn(authorization.href, 'mario'));
    expectErrorPage(response, ENTE_HOST, 'non-valido');
    const row = await logRow(state);
    expect(row?.outcome).toBe('refused');
    expect(row?.reason).toMatch(/nonce|OAUTH_JWT_CLAIM_COMPARISON_FAILED/);
    expect(row?.fiscalCode).toBeNull();
  });

  it('a PKCE challenge changed on the way makes the provider refuse the code', async () => {
    const authorization = location(await start(ENTE_HOST, '?ritorno=/', newBrowser()));
    authorization.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    const response = await callback(await provider.signIn(authorization.href, 'mario'));
    expectErrorPage(response, ENTE_HOST, 'non-valido');
    expect((await logRow(authorization.searchParams.get('state')!))?.reason).toMatch(/ResponseBodyError|invalid_grant/);
  });

  it('an issuer in the configuration that is not the provider’s gives the «non raggiungibile» page and stores nothing', async () => {
    configure({ OIDC_ISSUER: provider.issuer.replace('127.0.0.1', 'localhost') });
    const before = (await db().select().from(oidcRequests)).length;
    const target = expectErrorPage(await start(ENTE_HOST, '?ritorno=/carrello', newBrowser()), ENTE_HOST, 'non-raggiungibile');
    expect(target.searchParams.get('ritorno')).toBe('/carrello');
    expect((await db().select().from(oidcRequests)).length).toBe(before);

    configure({ OIDC_ISSUER: 'http://127.0.0.1:9' }); // nothing listens on the discard port
    expectErrorPage(await start(ENTE_HOST, '', newBrowser()), ENTE_HOST, 'non-raggiungibile');
  });

  it('a provider error (the person cancels) gets the «annullato» page on the Ente host and is logged', async () => {
    const authorization = location(await start(ENTE_HOST, '?ritorno=/carrello', newBrowser()));
    const answer = await provider.cancel(authorization.href);
    expect(answer.searchParams.get('error')).toBe('access_denied');
    const target = expectErrorPage(await callback(answer), ENTE_HOST, 'annullato');
    expect(target.searchParams.get('ritorno')).toBe('/carrello');
    const row = await logRow(authorization.searchParams.get('state')!);
    expect(row).toMatchObject({ outcome: 'idp_error', reason: 'access_denied' });
  });

  it('other provider errors, odd or huge, get the generic page', async () => {
    const authorization = location(await start(ENTE_HOST, '', newBrowser()));
    const state = authorization.searchParams.get('state')!;
    const odd = `?state=${state}&error=${encodeURIComponent('<script>x</script>\u0000')}&error_description=${'x'.repeat(600)}`;
    expectErrorPage(await callback(odd), ENTE_HOST, 'errore-provider');
    expect(await logRow(state)).toMatchObject({ outcome: 'idp_error', reason: 'invalid_error_response', response: null });
  });

  it('a person without a valid Italian codice fiscale is refused', async () => {
    for (const account of ['straniero', 'codice-errato']) {
      const { state, response } = await loginAs(account);
      expectErrorPage(response, ENTE_HOST, 'senza-codice-fiscale');
      expect(await logRow(state)).toMatchObject({ outcome: 'refused', fiscalCode: null });
    }
    // Without the scope that releases it, the provider does not send the codice fiscale either.
    configure({ OIDC_SCOPE: 'openid profile email' });
    const { response } = await loginAs('mario');
    expectErrorPage(response, ENTE_HOST, 'senza-codice-fiscale');
  });

  it('an expired state is refused and logged as such', async () => {
    const issued = new Date();
    const authorization = location(await start(ENTE_HOST, '', newBrowser(), issued));
    const answer = await provider.signIn(authorization.href, 'mario');
    const late = new Date(issued.getTime() + (OIDC_REQUEST_TTL_MINUTES * 60 + 1) * 1000);
    expectErrorPage(await callback(answer, BASE, late), BASE, 'scaduto');
    expect(await logRow(authorization.searchParams.get('state')!)).toMatchObject({ outcome: 'refused', reason: 'state_expired' });
  });

  it('callbacks without a state of ours, or with a huge query, get the error page on the base domain', async () => {
    for (const query of [
      '',
      '?code=abc',
      '?state=nostro&code=abc',
      `?state=${'A'.repeat(43)}&code=abc`,
      `?state=x&code=${'a'.repeat(5000)}`,
    ]) {
      expectErrorPage(await callback(query), BASE, query.length > 4096 ? 'non-valido' : 'scaduto');
    }
  });

  it('the callback answers only on the base domain', async () => {
    const { answer } = await (async () => {
      const authorization = location(await start(ENTE_HOST, '', newBrowser()));
      return { answer: await provider.signIn(authorization.href, 'mario') };
    })();
    for (const host of [ENTE_HOST, 'evil.example', `www.evil.example:3000`]) {
      expect((await callback(answer, host)).status).toBe(404);
    }
    // The state was not used by those attempts: the real callback still works.
    expect(location(await callback(answer)).pathname).toBe('/accedi/completa');
  });

  it('a return path that would leave the portal falls back to the personal area', async () => {
    for (const ritorno of ['//evil.example', 'https://evil.example/x', '/\\evil.example', 'area-personale', `/${'a'.repeat(600)}`]) {
      const authorization = location(await start(ENTE_HOST, `?ritorno=${encodeURIComponent(ritorno)}`, newBrowser()));
      const [row] = await db()
        .select()
        .from(oidcRequests)
        .where(eq(oidcRequests.stateHash, stateHash(authorization.searchParams.get('state')!)));
      expect(row?.returnPath).toBe('/area-personale');
      expect(row?.host).toBe(ENTE_HOST);
    }
  });

  it('the provincial host is a login host too', async () => {
    const browser = newBrowser();
    const authorization = location(await start(BASE, '?ritorno=/area-personale', browser));
    const response = await callback(await provider.signIn(authorization.href, 'giulia'));
    const completion = location(response);
    expect(completion.host).toBe(BASE);
    const redeemed = await redeemTicket(db(), {
      ticket: completion.searchParams.get('ticket')!,
      host: BASE,
      browserBindingHash: browser,
      now: new Date(),
    });
    expect(redeemed.ok && redeemed.identity.fiscalCode).toBe('BNCGLI92H55F205N');
  });

  it('unknown or inactive Enti and foreign hosts get 404 and no request is stored', async () => {
    const before = (await db().select().from(oidcRequests)).length;
    for (const host of [`comune-inesistente.${BASE}`, 'evil.example', '']) {
      expect((await start(host, '', newBrowser())).status).toBe(404);
    }
    expect((await db().select().from(oidcRequests)).length).toBe(before);
  });

  it('without OIDC configured both routes are 404', async () => {
    configure({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined });
    expect((await start(ENTE_HOST, '', newBrowser())).status).toBe(404);
    expect((await callback('?state=x&code=y')).status).toBe(404);
  });

  it('expired requests are pruned, live ones kept', async () => {
    const authorization = location(await start(ENTE_HOST, '', newBrowser()));
    const hash = stateHash(authorization.searchParams.get('state')!);
    await pruneOidcRequests(db(), new Date());
    expect(await db().select().from(oidcRequests).where(eq(oidcRequests.stateHash, hash))).toHaveLength(1);
    await pruneOidcRequests(db(), new Date(Date.now() + (OIDC_REQUEST_TTL_MINUTES + 1) * 60_000));
    expect(await db().select().from(oidcRequests)).toHaveLength(0);
  });
});
