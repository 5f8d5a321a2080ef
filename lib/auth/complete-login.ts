import type { Database } from '@/db';
import { readConfig } from '@/lib/config';
import { parseHost } from '@/lib/tenancy/host';
import { loginErrorPage } from './login-error-page';
import { siteHost } from './login-flow';
import { loginPageUrl } from './login-pages';
import { ticketReturnPath } from './tickets';

export interface CompleteDeps {
  db: Database;
  now: Date;
  /** Redeems the ticket into a session for this host and browser (Auth.js's `ticket` provider); false when refused. */
  signInWithTicket(ticket: string): Promise<boolean>;
}

/**
 * Step 3 of lib/auth/login-flow.ts (`GET /accedi/completa?ticket=`) on the host the login started from. The
 * return path is looked up first (ticketReturnPath), the ticket is redeemed once by Auth.js, and only then is
 * the path followed; `Referrer-Policy: no-referrer` keeps the ticket out of the next page's Referer.
 */
export async function completeLogin(request: Request, deps: CompleteDeps): Promise<Response> {
  const config = readConfig();
  const host = siteHost(parseHost(request.headers.get('host'), config.PORTAL_BASE_DOMAIN));
  if (!host) return new Response('Pagina non trovata', { status: 404 });
  const ticket = (new URL(request.url).searchParams.get('ticket') ?? '').slice(0, 100);
  const returnPath = await ticketReturnPath(deps.db, ticket, deps.now);
  if (returnPath && (await deps.signInWithTicket(ticket))) {
    return new Response(null, {
      status: 303,
      headers: {
        location: `${config.PORTAL_SCHEME}://${host}${returnPath}`,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
      },
    });
  }
  return loginErrorPage(request, {
    status: 400,
    title: 'Accesso non completato',
    detail:
      'Il collegamento per completare l’accesso non è valido: è scaduto, è già stato usato oppure è stato aperto in un altro browser.',
    action: 'Non è un problema dei tuoi dati: torna alla pagina di accesso e riprova, dallo stesso browser e senza attendere troppo.',
    retryHref: loginPageUrl(host, returnPath ?? '/'),
  });
}
