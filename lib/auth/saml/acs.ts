import { z } from 'zod';
import { getDb, type Database } from '@/db';
import { readConfig, type ServerConfig } from '@/lib/config';
import { readLimitedBody } from '@/lib/http/limited-body';
import { logger } from '@/lib/logger';
import { parseHost } from '@/lib/tenancy/host';
import { provinciaUrl } from '@/lib/tenancy/urls';
import { identityProviders } from '../identity-providers';
import { loginErrorPage } from '../login-error-page';
import { completionUrl } from '../login-flow';
import { loginPageUrl } from '../login-pages';
import { issueTicket } from '../tickets';
import { logSamlResponse } from './auth-log';
import { idpErrorMessage } from './idp-errors';
import { MAX_SAML_RESPONSE_BASE64_CHARS } from './saml-xml';
import { consumeRequest, type StoredSamlRequest } from './request-store';
import { currentServiceProvider } from './service-provider';
import { SAML_CLOCK_SKEW_MS, validateSamlResponse, type RejectReason } from './validate-response';

/** The form (SAMLResponse + RelayState, URL-encoded) is at most a few bytes more than the base64 it carries. */
const MAX_BODY_BYTES = MAX_SAML_RESPONSE_BASE64_CHARS * 3 + 4096;

const formSchema = z.object({
  SAMLResponse: z.string().min(1).max(MAX_SAML_RESPONSE_BASE64_CHARS),
  RelayState: z.string().max(80).optional(),
});

export interface AcsDeps {
  db: Database;
  now: Date;
  config?: ServerConfig;
}

/** Refusals that say something about the person's identity or level, not about a broken or forged message. */
const FORBIDDEN: readonly RejectReason[] = ['level_too_low', 'idp_error'];

function refusalPage(request: Request, status: number, retryHref: string): Response {
  return loginErrorPage(request, {
    status,
    title: 'Accesso non completato',
    detail: 'La risposta del gestore di identità non è valida, è scaduta o è già stata usata, quindi non possiamo completare l’accesso.',
    action:
      'Torna alla pagina di accesso e riprova dall’inizio. Se il problema si ripete, prova con un altro gestore di identità o con la CIE.',
    retryHref,
  });
}

function decodeForLog(base64: string): string {
  return Buffer.from(base64.replace(/\s+/g, ''), 'base64').toString('utf8').slice(0, MAX_SAML_RESPONSE_BASE64_CHARS);
}

/**
 * Step 2 of lib/auth/login-flow.ts: the IdP's Response, POSTed by the browser to the base domain. Validated
 * against the request it answers (consumed once: a replay or an unsolicited Response finds nothing), logged
 * with its outcome, and turned into a one-time ticket for the host and browser that started the login.
 */
export async function receiveSamlResponse(request: Request, deps: AcsDeps): Promise<Response> {
  const config = deps.config ?? readConfig();
  const home = provinciaUrl('/');
  if (!config.SPID_ENABLED || parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN).kind !== 'provincia') {
    return new Response('Pagina non trovata', { status: 404 });
  }
  const body = await readLimitedBody(request, MAX_BODY_BYTES);
  if (!body.ok) return refusalPage(request, 413, home);
  const form = formSchema.safeParse(Object.fromEntries(new URLSearchParams(body.bytes.toString('utf8'))));
  if (!form.success) return refusalPage(request, 400, home);

  const sp = await currentServiceProvider(deps.db, config);
  const idps = identityProviders(config);
  let stored: StoredSamlRequest | undefined;
  const result = await validateSamlResponse(form.data.SAMLResponse, {
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    idps,
    now: deps.now,
    clockSkewMs: SAML_CLOCK_SKEW_MS,
    async lookupRequest(id) {
      const consumed = await consumeRequest(deps.db, id, deps.now);
      if (!consumed.ok) return undefined;
      stored = consumed.request;
      return stored;
    },
  });

  // Assigned inside lookupRequest, which TypeScript's narrowing cannot see.
  const answered = stored as StoredSamlRequest | undefined;
  if (!answered) {
    // Unsolicited, unknown, expired or replayed: there is no request of ours to attach it to.
    logger.warn({ event: 'saml_response_refused', reason: result.ok ? 'no_request' : result.reason }, 'risposta SAML rifiutata');
    return refusalPage(request, 400, home);
  }
  const method = idps.find((p) => p.entityId === answered.idpEntityId)?.kind ?? 'spid';
  const retry = loginPageUrl(answered.enteHost, answered.returnPath);
  const xml = decodeForLog(form.data.SAMLResponse);

  if (!result.ok) {
    const idpError = result.reason === 'idp_error';
    await logSamlResponse(deps.db, {
      method,
      requestId: answered.id,
      xml,
      outcome: idpError ? 'idp_error' : 'refused',
      reason: idpError ? (result.idpErrorCode ?? 'sconosciuto') : result.reason,
      now: deps.now,
    });
    logger.warn({ event: 'saml_response_refused', reason: result.reason, code: result.idpErrorCode }, 'risposta SAML rifiutata');
    const status = FORBIDDEN.includes(result.reason) ? 403 : 400;
    if (idpError) return loginErrorPage(request, { status, ...idpErrorMessage(result.idpErrorCode), retryHref: retry });
    if (result.reason === 'level_too_low') {
      return loginErrorPage(request, { status, ...idpErrorMessage('nr20'), retryHref: retry });
    }
    return refusalPage(request, status, retry);
  }

  const { identity } = result;
  await logSamlResponse(deps.db, {
    method,
    requestId: answered.id,
    xml,
    outcome: 'accepted',
    fiscalCode: identity.fiscalNumber,
    now: deps.now,
  });
  const ticket = await issueTicket(deps.db, {
    identity: {
      fiscalCode: identity.fiscalNumber,
      givenName: identity.name ?? '',
      familyName: identity.familyName ?? '',
      ...(identity.email ? { email: identity.email } : {}),
      method,
      level: identity.level,
      provider: identity.idpEntityId,
      saml: {
        nameId: identity.nameId,
        nameQualifier: identity.nameQualifier,
        ...(identity.sessionIndex ? { sessionIndex: identity.sessionIndex } : {}),
      },
    },
    host: answered.enteHost,
    returnPath: answered.returnPath,
    browserBindingHash: answered.browserBindingHash,
    now: deps.now,
  });
  return new Response(null, {
    status: 303,
    headers: { location: completionUrl(answered.enteHost, ticket), 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}

export async function POST(request: Request): Promise<Response> {
  return receiveSamlResponse(request, { db: await getDb(), now: new Date() });
}
