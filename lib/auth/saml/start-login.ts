import { z } from 'zod';
import { getDb, type Database } from '@/db';
import { readConfig, type ServerConfig } from '@/lib/config';
import { findBackOfficeEnteBySlug } from '@/lib/enti/queries';
import { ensureBrowserKeyHash } from '@/lib/payments/browser-key';
import { parseHost } from '@/lib/tenancy/host';
import { provinciaUrl } from '@/lib/tenancy/urls';
import { autoPostPage } from '../html-page';
import { findIdentityProvider, identityProviders } from '../identity-providers';
import { loginErrorPage } from '../login-error-page';
import { siteHost } from '../login-flow';
import { isStaffPath, loginPageUrl } from '../login-pages';
import { returnPathOr } from '../return-target';
import { logAuthnRequest } from './auth-log';
import { buildAuthnRequest, newRelayState, postBinding, redirectBinding } from './authn-request';
import type { SpidLevel } from './levels';
import { saveRequest } from './request-store';
import { currentServiceProvider } from './service-provider';

export interface StartDeps {
  db: Database;
  now: Date;
  /** The browser key's hash, giving the browser a key first if it has none (called only once the request is valid). */
  browserKeyHash(): Promise<string>;
  config?: ServerConfig;
}

const querySchema = z.object({
  idp: z.string().min(1).max(1024).optional(),
  // Anything that is not a plain path on this host falls back to the home page (returnPathOr).
  ritorno: z.string().max(2000).optional(),
});

function notFound(request: Request): Response {
  return loginErrorPage(request, {
    status: 404,
    title: 'Pagina non trovata',
    detail: 'L’indirizzo che hai aperto non esiste o non è più disponibile.',
    action: 'Controlla di averlo scritto correttamente, oppure parti dalla pagina iniziale del portale.',
    retryHref: provinciaUrl('/'),
    retryLabel: 'Vai alla pagina iniziale',
  });
}

/**
 * Step 1 of lib/auth/login-flow.ts for SPID and CIE (`GET /accedi/spid?idp=…&ritorno=…`, `GET /accedi/cie`),
 * on the host the person is on: checks host and IdP, asks for the staff level when the return path is a back
 * office, stores the request bound to this browser and host, logs it, and sends the browser to the IdP.
 */
export async function startSamlLogin(request: Request, kind: 'spid' | 'cie', deps: StartDeps): Promise<Response> {
  const config = deps.config ?? readConfig();
  if (!config.SPID_ENABLED) return notFound(request);
  const target = parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN);
  const host = siteHost(target);
  if (!host) return notFound(request);
  // Any state but ceased: the staff of an Ente not active yet sign in to its back office too.
  const ente = target.kind === 'ente' ? await findBackOfficeEnteBySlug(deps.db, target.slug) : undefined;
  if (target.kind === 'ente' && !ente) return notFound(request);

  const url = new URL(request.url);
  const query = querySchema.safeParse({
    idp: url.searchParams.get('idp') ?? undefined,
    ritorno: url.searchParams.get('ritorno') ?? undefined,
  });
  const returnPath = returnPathOr(query.success ? query.data.ritorno : undefined, '/');
  const wanted = query.success ? query.data.idp : undefined;
  const idp = wanted
    ? findIdentityProvider(wanted, config)
    : kind === 'cie'
      ? identityProviders(config).find((p) => p.kind === 'cie')
      : undefined;
  if (!query.success || !idp || idp.kind !== kind) {
    return loginErrorPage(request, {
      status: 400,
      title: 'Gestore di identità non riconosciuto',
      detail:
        kind === 'cie'
          ? 'L’accesso con la Carta d’Identità Elettronica non è disponibile da questo indirizzo.'
          : 'Il gestore di identità digitale scelto non è tra quelli che questo portale accetta.',
      action: 'Torna alla pagina di accesso e scegli il tuo gestore dall’elenco.',
      retryHref: loginPageUrl(host, returnPath),
    });
  }

  // Both are validated as 1..3 by lib/config.ts.
  const level = (isStaffPath(returnPath) ? config.SPID_LEVEL_STAFF : config.SPID_LEVEL_CITIZEN) as SpidLevel;
  const sp = await currentServiceProvider(deps.db, config);
  const authn = buildAuthnRequest(sp, {
    idp: { entityId: idp.entityId, ssoUrl: idp.ssoUrl },
    level,
    acsIndex: 0,
    // The metadata lists only active Enti's services: an Ente not active yet signs in under the Province's (0).
    attributeSetIndex: ente?.adhesionStatus === 'attivo' ? ente.spidServiceIndex : 0,
    now: deps.now,
    kind: idp.kind,
  });
  await saveRequest(deps.db, {
    id: authn.id,
    idpEntityId: idp.entityId,
    level,
    issuedAt: deps.now,
    expiresAt: new Date(deps.now.getTime() + config.SPID_REQUEST_TTL_MINUTES * 60_000),
    enteHost: host,
    returnPath,
    browserBindingHash: await deps.browserKeyHash(),
  });
  await logAuthnRequest(deps.db, { method: idp.kind, requestId: authn.id, provider: idp.entityId, issueInstant: deps.now, xml: authn.xml });

  const relayState = newRelayState();
  if (idp.ssoBinding === 'post') {
    const form = postBinding(sp, authn, relayState);
    return autoPostPage(request, {
      title: 'Collegamento al gestore di identità',
      intro: `Stai per essere portato su ${idp.name} per l’accesso.`,
      action: form.action,
      fields: { SAMLRequest: form.SAMLRequest, RelayState: form.RelayState },
    });
  }
  return new Response(null, {
    status: 303,
    headers: { location: redirectBinding(sp, authn, relayState).url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  });
}

async function handle(request: Request, kind: 'spid' | 'cie'): Promise<Response> {
  return startSamlLogin(request, kind, { db: await getDb(), now: new Date(), browserKeyHash: ensureBrowserKeyHash });
}

export const spidLoginGET = (request: Request) => handle(request, 'spid');
export const cieLoginGET = (request: Request) => handle(request, 'cie');
