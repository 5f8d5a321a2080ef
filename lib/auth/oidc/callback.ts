import * as client from 'openid-client';
import { z } from 'zod';
import type { Database } from '@/db';
import type { TicketIdentity } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { problem } from '@/lib/http/problem';
import { logger } from '@/lib/logger';
import { parseHost } from '@/lib/tenancy/host';
import { completionUrl } from '../login-flow';
import { issueTicket } from '../tickets';
import { logOidcOutcome, type OidcLoggedOutcome } from './auth-log';
import type { OidcError } from './error-pages';
import { identityFromClaims } from './identity';
import { discoverProvider, isUnreachable, oidcSettings, type OidcSettings } from './provider';
import { seeOther, toErrorPage } from './redirect';
import { consumeOidcRequest, stateHash, type StoredOidcRequest } from './request-store';

export interface OidcCallbackDeps {
  db: Database;
  now: Date;
}

/** Longer than any real authorization response; the rest of the query is read by openid-client. */
const MAX_QUERY_LENGTH = 4096;

const providerError = z.object({
  error: z.string().regex(/^[\x20-\x7e]{1,100}$/),
  error_description: z.string().max(500).optional(),
});

/** Provider refusals that mean the person chose not to go on. */
const DECLINED = new Set(['access_denied', 'consent_required', 'login_required', 'interaction_required', 'account_selection_required']);

/**
 * `GET /oidc/callback` on the base domain: the provider's answer for every Ente. The state is used once
 * (it names the host, the return path and the browser); openid-client exchanges the code with the PKCE
 * verifier and the client secret and validates the ID token (issuer, audience, signature, expiry, nonce).
 * Every outcome is logged; a proved identity becomes a one-time ticket for the host the login started from.
 */
export async function handleOidcCallback(request: Request, deps: OidcCallbackDeps): Promise<Response> {
  const config = readConfig();
  const settings = oidcSettings(config);
  if (!settings) return problem(404, 'Pagina non trovata');
  if (parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN).kind !== 'provincia') return problem(404, 'Pagina non trovata');
  const baseHost = config.PORTAL_BASE_DOMAIN;
  const query = new URL(request.url).search;
  if (query.length > MAX_QUERY_LENGTH) return toErrorPage(baseHost, 'non-valido');
  const params = new URLSearchParams(query);

  const consumed = await consumeOidcRequest(deps.db, params.get('state') ?? '', deps.now);
  if (!consumed.ok) {
    logger.warn({ event: 'oidc_state_refused', reason: consumed.reason }, 'risposta OIDC senza richiesta valida');
    if (consumed.reason === 'expired') {
      await logOidcOutcome(deps.db, stateHash(params.get('state')!), { outcome: 'refused', reason: 'state_expired', now: deps.now });
    }
    return toErrorPage(baseHost, 'scaduto');
  }
  const stored = consumed.request;
  const refuse = async (error: OidcError, outcome: Omit<OidcLoggedOutcome, 'now'>) => {
    logger.warn({ event: 'oidc_refused', outcome: outcome.outcome, reason: outcome.reason }, 'accesso OIDC non riuscito');
    await logOidcOutcome(deps.db, stored.stateHash, { ...outcome, now: deps.now });
    return toErrorPage(stored.host, error, stored.returnPath);
  };

  if (params.has('error')) {
    const parsed = providerError.safeParse({ error: params.get('error'), error_description: params.get('error_description') ?? undefined });
    const code = parsed.success ? parsed.data.error : 'invalid_error_response';
    return refuse(DECLINED.has(code) ? 'annullato' : 'errore-provider', {
      outcome: 'idp_error',
      reason: code,
      response: parsed.success ? JSON.stringify(parsed.data) : undefined,
    });
  }

  let verdict: Verdict;
  try {
    verdict = await verifyAnswer(stored, settings, params);
  } catch (error) {
    verdict = {
      ok: false,
      error: isUnreachable(error) ? 'non-raggiungibile' : 'non-valido',
      outcome: { outcome: 'refused', reason: failureReason(error) },
    };
  }
  if (!verdict.ok) return refuse(verdict.error, verdict.outcome);

  const { identity, token } = verdict;
  await logOidcOutcome(deps.db, stored.stateHash, { outcome: 'accepted', fiscalCode: identity.fiscalCode, ...token, now: deps.now });
  const ticket = await issueTicket(deps.db, {
    identity,
    host: stored.host,
    returnPath: stored.returnPath,
    browserBindingHash: stored.browserBindingHash,
    now: deps.now,
  });
  return seeOther(completionUrl(stored.host, ticket));
}

/** For the log: openid-client's code and the check that failed (its cause says which claim, e.g. "aud"). */
function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // The token endpoint's OAuth error (ResponseBodyError.error, e.g. invalid_grant) says more than the message.
  const oauthError = (error as { error?: unknown }).error;
  const detail = typeof oauthError === 'string' ? oauthError : error.cause instanceof Error ? error.cause.message : error.message;
  return `${(error as { code?: string }).code ?? error.name}: ${detail}`;
}

/** What the ID token says about itself, for the log. */
type TokenRecord = Pick<OidcLoggedOutcome, 'response' | 'issuer' | 'subject' | 'tokenId' | 'issuedAt'>;

type Verdict =
  { ok: true; identity: TicketIdentity; token: TokenRecord } | { ok: false; error: OidcError; outcome: Omit<OidcLoggedOutcome, 'now'> };

/** The code exchange and the checks; throws what openid-client throws (network, invalid token). */
async function verifyAnswer(stored: StoredOidcRequest, settings: OidcSettings, answer: URLSearchParams): Promise<Verdict> {
  const provider = await discoverProvider(settings);
  // The address the provider redirected to, as registered: the request's own URL is the internal rewrite.
  const currentUrl = new URL(settings.redirectUri);
  currentUrl.search = answer.toString();
  const tokens = await client.authorizationCodeGrant(provider, currentUrl, {
    pkceCodeVerifier: stored.codeVerifier,
    expectedState: answer.get('state')!,
    expectedNonce: stored.nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims()!;
  let claims: Record<string, unknown> = idToken;
  // Many providers put only `sub` in the ID token and the person's data in the UserInfo response.
  if (!(settings.fiscalCodeClaim in idToken) && provider.serverMetadata().userinfo_endpoint) {
    claims = { ...(await client.fetchUserInfo(provider, tokens.access_token, idToken.sub)), ...idToken };
  }
  const token: TokenRecord = {
    response: tokens.id_token,
    issuer: idToken.iss,
    subject: idToken.sub,
    tokenId: typeof idToken.jti === 'string' ? idToken.jti : undefined,
    issuedAt: new Date(idToken.iat * 1000),
  };
  const result = identityFromClaims(claims, settings.fiscalCodeClaim, idToken.iss);
  if (result.ok) return { ok: true, identity: result.identity, token };
  return {
    ok: false,
    error: result.reason === 'name_missing' ? 'dati-mancanti' : 'senza-codice-fiscale',
    outcome: { outcome: 'refused', reason: result.reason, ...token },
  };
}
