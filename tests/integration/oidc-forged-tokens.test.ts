import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { authLog } from '@/db/schema';
import { handleOidcCallback } from '@/lib/auth/oidc/callback';
import { stateHash } from '@/lib/auth/oidc/request-store';
import { handleOidcStart } from '@/lib/auth/oidc/start';
import { withTestDatabase } from '../support/test-db';

/*
 * What a real provider never sends: ID tokens forged or broken on purpose, from a minimal provider of our
 * own (discovery, JWKS, token endpoint). The portal must refuse each; the well-formed control case proves
 * that the refusals come from the one thing changed.
 */

const { db } = withTestDatabase({ seed: true });

const BASE = 'localhost:3000';
const ENTE_HOST = `comune-demo.${BASE}`;
const CLIENT_ID = 'portale-prova';
const CLIENT_SECRET = randomBytes(24).toString('base64url');
const ENV = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'PORTAL_BASE_DOMAIN', 'PORTAL_SCHEME'] as const;

let server: Server;
let issuer: string;
let providerKey: CryptoKey;
let otherKey: CryptoKey;
const saved: Record<string, string | undefined> = {};

/** How the token endpoint answers the next exchange; the nonce is the one the portal sent. */
let tokenAnswer: (nonce: string) => Promise<{ status: number; body: string; type?: string }>;
let lastTokenRequest: { authorization?: string; form: URLSearchParams } | undefined;
const nonces = new Map<string, string>();

function claims(nonce: string, over: JWTPayload = {}): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: issuer,
    aud: CLIENT_ID,
    sub: 'persona-1',
    iat: now,
    exp: now + 300,
    nonce,
    fiscal_number: 'TINIT-RSSMRA80A01H501U',
    given_name: 'Mario',
    family_name: 'Rossi',
    ...over,
  };
}

function sign(payload: JWTPayload, key: CryptoKey = providerKey): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).sign(key);
}

function tokens(idToken: string | undefined) {
  return {
    status: 200,
    body: JSON.stringify({ access_token: 'at', token_type: 'Bearer', expires_in: 60, ...(idToken ? { id_token: idToken } : {}) }),
  };
}

beforeAll(async () => {
  for (const name of ENV) saved[name] = process.env[name];
  providerKey = (await generateKeyPair('RS256')).privateKey;
  const pair = await generateKeyPair('RS256', { extractable: true });
  otherKey = (await generateKeyPair('RS256')).privateKey;
  providerKey = pair.privateKey;
  const jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/.well-known/openid-configuration') {
        return json(200, {
          issuer,
          authorization_endpoint: `${issuer}/auth`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (req.url === '/jwks') return json(200, jwks);
      if (req.url === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        lastTokenRequest = { authorization: req.headers.authorization, form };
        const answer = await tokenAnswer(nonces.get(form.get('code') ?? '') ?? '');
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' });
        return res.end(answer.body);
      }
      json(404, { error: 'not_found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(process.env, {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    PORTAL_BASE_DOMAIN: BASE,
    PORTAL_SCHEME: 'http',
  });
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  for (const name of ENV) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

/** Starts a login and answers the callback with a code; the token endpoint then answers with `tokenAnswer`. */
async function loginWith(answer: typeof tokenAnswer) {
  tokenAnswer = answer;
  const browser = createHash('sha256').update(randomBytes(8)).digest('hex');
  const started = await handleOidcStart(new Request(`http://${ENTE_HOST}/accedi/oidc`, { headers: { host: ENTE_HOST } }), {
    db: db(),
    now: new Date(),
    browserKeyHash: async () => browser,
  });
  const authorization = new URL(started.headers.get('location')!);
  const state = authorization.searchParams.get('state')!;
  const code = randomBytes(16).toString('hex');
  nonces.set(code, authorization.searchParams.get('nonce')!);
  const response = await handleOidcCallback(
    new Request(`http://${BASE}/provincia/oidc/callback?code=${code}&state=${state}`, { headers: { host: BASE } }),
    { db: db(), now: new Date() },
  );
  const [log] = await db()
    .select()
    .from(authLog)
    .where(eq(authLog.requestId, stateHash(state)));
  return { authorization, location: new URL(response.headers.get('location')!), log };
}

describe('ID tokens the portal must refuse', () => {
  it('control: a well-formed token signs in; the code is exchanged with client_secret_basic and the PKCE verifier', async () => {
    const { authorization, location, log } = await loginWith(async (nonce) => tokens(await sign(claims(nonce))));
    expect(location.pathname).toBe('/accedi/completa');
    expect(log?.outcome).toBe('accepted');
    // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined and base64-encoded.
    const [scheme, credentials] = lastTokenRequest!.authorization!.split(' ');
    expect(scheme).toBe('Basic');
    expect(Buffer.from(credentials!, 'base64').toString('utf8').split(':').map(decodeURIComponent)).toEqual([CLIENT_ID, CLIENT_SECRET]);
    expect(lastTokenRequest?.form.get('client_secret')).toBeNull();
    const verifier = lastTokenRequest!.form.get('code_verifier')!;
    expect(createHash('sha256').update(verifier).digest('base64url')).toBe(authorization.searchParams.get('code_challenge'));
    expect(lastTokenRequest?.form.get('redirect_uri')).toBe(`http://${BASE}/oidc/callback`);
  });

  const forgeries: [string, typeof tokenAnswer, RegExp][] = [
    ['signed with a key that is not the provider’s', async (nonce) => tokens(await sign(claims(nonce), otherKey)), /signature/],
    ['for another client (audience)', async (nonce) => tokens(await sign(claims(nonce, { aud: 'un-altro-client' }))), /aud/],
    ['from another issuer', async (nonce) => tokens(await sign(claims(nonce, { iss: 'https://idp.evil.example' }))), /iss/],
    ['expired', async (nonce) => tokens(await sign(claims(nonce, { exp: Math.floor(Date.now() / 1000) - 3600 }))), /exp/],
    ['for another login (nonce)', async () => tokens(await sign(claims('nonce-di-un-altro-accesso'))), /nonce/],
    [
      'unsigned (alg none)',
      async (nonce) => {
        const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
        return tokens(`${encode({ alg: 'none' })}.${encode(claims(nonce))}.`);
      },
      /alg|signature/,
    ],
    ['missing', async () => tokens(undefined), /id_token/],
    [
      'tampered after signing',
      async (nonce) => {
        const [header, , signature] = (await sign(claims(nonce))).split('.');
        const payload = Buffer.from(JSON.stringify(claims(nonce, { fiscal_number: 'TINIT-BNCGLI92H55F205N' }))).toString('base64url');
        return tokens(`${header}.${payload}.${signature}`);
      },
      /signature/,
    ],
  ];

  it.each(forgeries)('an ID token %s is refused and logged', async (_name, answer, reason) => {
    const { location, log } = await loginWith(answer);
    expect(location.host).toBe(ENTE_HOST);
    expect(location.pathname).toBe('/accedi/oidc/errore');
    expect(location.searchParams.get('motivo')).toBe('non-valido');
    expect(log).toMatchObject({ outcome: 'refused', fiscalCode: null });
    expect(log?.reason).toMatch(reason);
  });

  it('a token endpoint that fails like a broken proxy gives the «non raggiungibile» page', async () => {
    const { location, log } = await loginWith(async () => ({ status: 502, body: '<html>Bad Gateway</html>', type: 'text/html' }));
    expect(location.searchParams.get('motivo')).toBe('non-raggiungibile');
    expect(log?.outcome).toBe('refused');
  });

  it('an OAuth error from the token endpoint (e.g. a code already used) is refused as invalid', async () => {
    const { location, log } = await loginWith(async () => ({ status: 400, body: JSON.stringify({ error: 'invalid_grant' }) }));
    expect(location.searchParams.get('motivo')).toBe('non-valido');
    expect(log?.reason).toBe('OAUTH_RESPONSE_BODY_ERROR: invalid_grant');
  });
});
