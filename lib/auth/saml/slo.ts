import { inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { getDb, type Database } from '@/db';
import { readConfig } from '@/lib/config';
import { readLimitedBody } from '@/lib/http/limited-body';
import { logger } from '@/lib/logger';
import { parseHost } from '@/lib/tenancy/host';
import { provinciaUrl } from '@/lib/tenancy/urls';
import { escapeHtml, htmlPage } from '../html-page';
import { identityProviders } from '../identity-providers';
import { loginErrorPage } from '../login-error-page';
import { logoutResponseUrl, postSignatureValid, redirectSignatureValid } from './logout';
import { NS, attr, onlyChild, parseUntrustedXml, text } from './saml-xml';
import { currentServiceProvider } from './service-provider';

const MAX_MESSAGE_CHARS = 65_536;

const messageSchema = z
  .object({
    SAMLRequest: z.string().min(1).max(MAX_MESSAGE_CHARS).optional(),
    SAMLResponse: z.string().min(1).max(MAX_MESSAGE_CHARS).optional(),
    RelayState: z.string().max(80).optional(),
  })
  .refine((m) => (m.SAMLRequest === undefined) !== (m.SAMLResponse === undefined));

function decodeMessage(value: string, deflated: boolean): string | undefined {
  try {
    const bytes = Buffer.from(value, 'base64');
    return (deflated ? inflateRawSync(bytes, { maxOutputLength: MAX_MESSAGE_CHARS }) : bytes).toString('utf8');
  } catch {
    return undefined;
  }
}

function signedOutPage(request: Request): Response {
  return htmlPage({
    request,
    title: 'Sei uscito — Portale dei pagamenti',
    body:
      `<h1>Sei uscito</h1><p>Hai chiuso l’accesso al portale e presso il tuo gestore di identità digitale.</p>` +
      `<p class="actions"><a class="button" href="${escapeHtml(provinciaUrl('/'))}">Vai alla pagina iniziale</a></p>`,
  });
}

function badMessage(request: Request): Response {
  return loginErrorPage(request, {
    status: 400,
    title: 'Messaggio di uscita non valido',
    detail: 'Il messaggio ricevuto dal gestore di identità non è valido o non è firmato correttamente.',
    action: 'Se volevi uscire, chiudi il browser: l’accesso al portale scade comunque entro qualche ora.',
    retryHref: provinciaUrl('/'),
    retryLabel: 'Vai alla pagina iniziale',
  });
}

/**
 * `/spid/slo` on the base domain (HTTP-Redirect and HTTP-POST). A LogoutResponse closes the single logout the
 * portal started (the portal session was already ended). A LogoutRequest from an IdP, signed by it, is answered
 * with a signed LogoutResponse: portal sessions are host-only cookies on each site, so they cannot be ended from
 * here and simply run out (8 hours at most).
 */
export async function handleSlo(request: Request, db: Database, now: Date): Promise<Response> {
  const config = readConfig();
  if (!config.SPID_ENABLED || parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN).kind !== 'provincia') {
    return new Response('Pagina non trovata', { status: 404 });
  }
  const url = new URL(request.url);
  const redirect = request.method === 'GET';
  let fields: Record<string, string>;
  if (redirect) {
    fields = Object.fromEntries(url.searchParams);
  } else {
    const body = await readLimitedBody(request, MAX_MESSAGE_CHARS * 2);
    if (!body.ok) return badMessage(request);
    fields = Object.fromEntries(new URLSearchParams(body.bytes.toString('utf8')));
  }
  const parsed = messageSchema.safeParse({
    SAMLRequest: fields.SAMLRequest,
    SAMLResponse: fields.SAMLResponse,
    RelayState: fields.RelayState,
  });
  if (!parsed.success) return badMessage(request);
  const parameter = parsed.data.SAMLRequest ? 'SAMLRequest' : 'SAMLResponse';
  const xml = decodeMessage(parsed.data.SAMLRequest ?? parsed.data.SAMLResponse ?? '', redirect);
  const root = xml ? parseUntrustedXml(xml)?.documentElement : undefined;
  const expected = parameter === 'SAMLRequest' ? 'LogoutRequest' : 'LogoutResponse';
  if (!xml || !root || root.namespaceURI !== NS.protocol || root.localName !== expected) return badMessage(request);
  const idp = identityProviders(config).find((p) => p.entityId === text(onlyChild(root, NS.assertion, 'Issuer')));
  if (!idp) return badMessage(request);
  const signed = redirect ? redirectSignatureValid(url.search, parameter, idp) : postSignatureValid(xml, root, idp);

  if (parameter === 'SAMLResponse') {
    logger.info({ event: 'saml_logout_response', idp: idp.entityId, signed }, 'risposta di logout SAML');
    return signedOutPage(request);
  }
  const id = attr(root, 'ID');
  if (!signed || !id) return badMessage(request);
  logger.info({ event: 'saml_logout_request', idp: idp.entityId }, 'richiesta di logout da un IdP');
  const answer = logoutResponseUrl(await currentServiceProvider(db, config), idp, id, parsed.data.RelayState, now);
  if (!answer) return signedOutPage(request);
  return new Response(null, { status: 303, headers: { location: answer, 'cache-control': 'no-store' } });
}

export const sloGET = async (request: Request) => handleSlo(request, await getDb(), new Date());
export const sloPOST = sloGET;
