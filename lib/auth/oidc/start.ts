import * as client from 'openid-client';
import type { Database } from '@/db';
import { readConfig } from '@/lib/config';
import { findBackOfficeEnteBySlug } from '@/lib/enti/queries';
import { clientAddress } from '@/lib/http/client-address';
import { problem, tooManyRequests } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { hitRateLimit, type RateLimitRule } from '@/lib/security/rate-limit';
import { parseHost } from '@/lib/tenancy/host';
import { siteHost } from '../login-flow';
import { returnPathOr } from '../return-target';
import { logOidcRequest } from './auth-log';
import { discoverProvider, oidcSettings } from './provider';
import { seeOther, toErrorPage } from './redirect';
import { saveOidcRequest, stateHash } from './request-store';

export interface OidcStartDeps {
  db: Database;
  now: Date;
  /** The hash of the browser's key, giving the browser a key first if it has none (lib/payments/browser-key.ts). */
  browserKeyHash(): Promise<string>;
}

/** Where a citizen goes after signing in when the link did not say. */
export const DEFAULT_RETURN_PATH = '/area-personale';

/** Each start writes two rows: enough for people, too few to fill the tables. */
export const OIDC_START_LIMIT: RateLimitRule = { name: 'oidc-start', limit: 30, windowSeconds: 300 };

/**
 * `GET /accedi/oidc?ritorno=<path>` on any portal host: remembers the login (state, nonce, PKCE verifier,
 * host, return path, browser) in the database and sends the browser to the provider's authorization page.
 */
export async function handleOidcStart(request: Request, deps: OidcStartDeps): Promise<Response> {
  const config = readConfig();
  const settings = oidcSettings(config);
  if (!settings) return problem(404, 'Pagina non trovata');
  const target = parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN);
  const host = siteHost(target);
  if (!host) return problem(404, 'Pagina non trovata');
  // Any state but ceased, as for SPID and CIE: the back office of an Ente not active yet has staff too.
  if (target.kind === 'ente' && !(await findBackOfficeEnteBySlug(deps.db, target.slug))) return problem(404, 'Ente non trovato');
  const returnPath = returnPathOr(new URL(request.url).searchParams.get('ritorno'), DEFAULT_RETURN_PATH);

  const limit = await hitRateLimit(deps.db, OIDC_START_LIMIT, clientAddress(request.headers, config.TRUSTED_PROXY_HOPS), deps.now);
  if (!limit.ok) return tooManyRequests(limit.retryAfterSeconds, 'accesso');

  let provider: client.Configuration;
  try {
    provider = await discoverProvider(settings);
  } catch (error) {
    logger.error({ event: 'oidc_discovery_failed', issuer: settings.issuer, err: String(error) }, 'provider OIDC non raggiungibile');
    return toErrorPage(host, 'non-raggiungibile', returnPath);
  }

  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await saveOidcRequest(deps.db, {
    state,
    nonce,
    codeVerifier,
    host,
    returnPath,
    browserBindingHash: await deps.browserKeyHash(),
    now: deps.now,
  });
  const authorizationUrl = client.buildAuthorizationUrl(provider, {
    redirect_uri: settings.redirectUri,
    scope: settings.scope,
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  const logged = new URL(authorizationUrl);
  logged.searchParams.delete('state');
  await logOidcRequest(deps.db, {
    stateHash: stateHash(state),
    issuer: provider.serverMetadata().issuer,
    authorizationUrl: logged.href,
    now: deps.now,
  });
  return seeOther(authorizationUrl.href);
}
