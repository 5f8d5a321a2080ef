import { z } from 'zod';
import { getDb, type Database } from '@/db';
import { readConfig, type ServerConfig } from '@/lib/config';
import { readLimitedBody } from '@/lib/http/limited-body';
import { parseHost } from '@/lib/tenancy/host';
import { autoPostPage, escapeHtml, htmlPage } from '../../html-page';
import { demoIdps } from '../../identity-providers';
import { currentServiceProvider } from '../service-provider';
import { readRedirectAuthnRequest, type ReceivedAuthnRequest } from './authn-request-in';
import type { DemoIdp } from './demo-idp';
import { DEMO_IDENTITIES } from './identities';

/*
 * The demo IdP's own page (`/spid/demo-idp` on the base domain): it receives the portal's AuthnRequest, shows
 * who can sign in, and answers with a signed Response POSTed to the ACS, as a real IdP would. Stateless: the
 * POST carries the original signed query again and it is verified again.
 */

export interface DemoIdpDeps {
  db: Database;
  now: Date;
  config?: ServerConfig;
}

const postSchema = z.object({
  richiesta: z.string().min(1).max(16_384),
  identita: z.string().max(40).optional(),
  azione: z.enum(['entra', 'annulla', 'nega']),
});

type Context = { demo: DemoIdp; query: string; request: ReceivedAuthnRequest; serviceName: string; acsUrl: string; spEntityId: string };

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });
}

async function context(request: Request, query: string, deps: DemoIdpDeps): Promise<Context | Response> {
  const config = deps.config ?? readConfig();
  if (!config.SPID_ENABLED || !config.DEMO_IDP_ENABLED) return plain(404, 'Pagina non trovata');
  if (parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN).kind !== 'provincia') return plain(404, 'Pagina non trovata');
  const demo = new URL(request.url).searchParams.get('tipo') === 'cie' ? demoIdps().cie : demoIdps().spid;
  const sp = await currentServiceProvider(deps.db, config);
  const received = readRedirectAuthnRequest(query, sp, demo.provider.ssoUrl);
  if (!received) return plain(400, 'Richiesta di autenticazione assente, non firmata dal portale o non valida.');
  const service = sp.attributeServices[demo.provider.kind].find((s) => s.index === received.attributeSetIndex);
  if (!service) return plain(400, 'Richiesta di autenticazione per un servizio sconosciuto.');
  return { demo, query, request: received, serviceName: service.serviceName, acsUrl: sp.acsUrl, spEntityId: sp.entityId };
}

function choicePage(request: Request, ctx: Context, problem?: string): Response {
  const people = DEMO_IDENTITIES.map(
    (p) =>
      `<li><label><input type="radio" name="identita" value="${escapeHtml(p.key)}">` +
      `<span><strong>${escapeHtml(`${p.name} ${p.familyName}`)}</strong> — <code>${escapeHtml(p.fiscalNumber)}</code><br>` +
      `<span class="small">${escapeHtml(p.description)}. Livello massimo: ${p.maxLevel}.</span></span></label></li>`,
  ).join('');
  const what = ctx.demo.provider.kind === 'cie' ? 'Carta d’Identità Elettronica (dimostrativa)' : 'SPID (dimostrativo)';
  return htmlPage({
    request,
    banner: 'demo-idp',
    status: problem ? 400 : 200,
    title: 'IdP dimostrativo — solo per prove',
    body:
      `<h1>Accesso con ${escapeHtml(what)}</h1>` +
      `<div class="warning"><p><strong>IdP dimostrativo — solo per prove.</strong> Le persone qui sotto sono inventate: ` +
      `nessuna vera identità digitale viene usata. In un portale in produzione questa pagina non esiste.</p></div>` +
      `<p>Il servizio <strong>${escapeHtml(ctx.serviceName)}</strong> chiede l’accesso con livello di sicurezza ${ctx.request.level} ` +
      `e i dati: codice fiscale, nome, cognome${ctx.demo.provider.kind === 'cie' ? ', data di nascita' : ', e-mail'}.</p>` +
      (problem ? `<div class="notice" role="alert"><p>${escapeHtml(problem)}</p></div>` : '') +
      `<form method="post" action="${escapeHtml(ctx.demo.provider.ssoUrl)}">` +
      `<input type="hidden" name="richiesta" value="${escapeHtml(ctx.query)}">` +
      `<fieldset><legend><h2>Con quale persona vuoi entrare?</h2></legend><ul class="people">${people}</ul></fieldset>` +
      `<p class="actions"><button type="submit" name="azione" value="entra">Entra e invia i dati</button>` +
      `<button class="secondary" type="submit" name="azione" value="nega">Nega il consenso</button>` +
      `<button class="secondary" type="submit" name="azione" value="annulla">Annulla l’accesso</button></p>` +
      `</form>`,
  });
}

/** GET: the AuthnRequest arrives by HTTP-Redirect. */
export async function showDemoIdp(request: Request, deps: DemoIdpDeps): Promise<Response> {
  const ctx = await context(request, new URL(request.url).search, deps);
  return ctx instanceof Response ? ctx : choicePage(request, ctx);
}

/** POST: the person's choice, answered with a Response auto-POSTed to the ACS. */
export async function answerDemoIdp(request: Request, deps: DemoIdpDeps): Promise<Response> {
  const body = await readLimitedBody(request, 32_768);
  if (!body.ok) return plain(413, 'Richiesta troppo grande.');
  const form = postSchema.safeParse(Object.fromEntries(new URLSearchParams(body.bytes.toString('utf8'))));
  if (!form.success) return plain(400, 'Richiesta non valida.');
  const ctx = await context(request, form.data.richiesta, deps);
  if (ctx instanceof Response) return ctx;
  const { azione, identita } = form.data;
  if (azione === 'entra' && !DEMO_IDENTITIES.some((p) => p.key === identita))
    return choicePage(request, ctx, 'Scegli una persona dall’elenco.');
  const samlResponse = ctx.demo.respond({
    requestId: ctx.request.id,
    level: ctx.request.level,
    identityKey: identita && azione === 'entra' ? identita : DEMO_IDENTITIES[0]!.key,
    spEntityId: ctx.spEntityId,
    acsUrl: ctx.acsUrl,
    now: deps.now,
    ...(azione === 'annulla' ? { errorCode: 'nr25' as const } : azione === 'nega' ? { errorCode: 'nr22' as const } : {}),
  });
  if (!samlResponse) return plain(400, 'Persona sconosciuta.');
  return autoPostPage(request, {
    title: 'Ritorno al portale',
    intro: 'L’IdP dimostrativo sta inviando la risposta al portale.',
    action: ctx.acsUrl,
    fields: { SAMLResponse: samlResponse, RelayState: ctx.request.relayState },
  });
}

export async function GET(request: Request): Promise<Response> {
  return showDemoIdp(request, { db: await getDb(), now: new Date() });
}

export async function POST(request: Request): Promise<Response> {
  return answerDemoIdp(request, { db: await getDb(), now: new Date() });
}
