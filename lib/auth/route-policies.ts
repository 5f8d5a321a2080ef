import { CONSERVAZIONE_ADMIN_ROLES, CONSERVAZIONE_VIEW_ROLES } from '@/lib/conservazione/roles';
import { IMPORT_ROLES } from '@/lib/imports/roles';
import { SUPPORT_CIT_ROLES, SUPPORT_ENTE_ROLES } from '@/lib/support/roles';
import type { EnteRole, PlatformRole } from './users';

/*
 * Who may use each back-office route, by route file. The pages enforce it themselves (requireEnteStaff,
 * requireCitStaff); this registry is what the tests hold them to: tests/unit/route-policies.test.ts fails
 * when a route file under the back offices has no entry here, and the authorization e2e
 * (tests/e2e/specs/authorization.ts) asks every route as every kind of person and checks the outcome.
 */

export type RoutePolicy =
  /** Anyone: the login pages. */
  | { access: 'public' }
  /** Staff of the Ente of the Host holding one of `roles`. */
  | { access: 'ente'; roles: readonly EnteRole[] }
  /** CIT staff holding one of `roles`, on the provincial host. */
  | { access: 'cit'; roles: readonly PlatformRole[] };

/** The folders whose every page and route handler (page.tsx, route.ts) must have a policy. */
export const GUARDED_ROUTE_ROOTS = ['app/ente/[slug]/admin', 'app/provincia/cit'] as const;

const EVERY_ENTE_ROLE: readonly EnteRole[] = ['ente_admin', 'ente_operator', 'ente_viewer'];
const EVERY_CIT_ROLE: readonly PlatformRole[] = ['cit_admin', 'cit_operator'];

export const ROUTE_POLICIES: Readonly<Record<string, RoutePolicy>> = {
  'app/ente/[slug]/admin/(area)/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/impostazioni/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  'app/ente/[slug]/admin/(area)/impostazioni/api/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  // Issue 10, partner per Ente: the connection to a real partner; the CIT's side is its admin's (credentials).
  'app/ente/[slug]/admin/(area)/impostazioni/partner/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  'app/provincia/cit/(area)/enti/[id]/collegamento/page.tsx': { access: 'cit', roles: ['cit_admin'] },
  'app/ente/[slug]/admin/(area)/personale/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  'app/ente/[slug]/admin/(area)/posizioni/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/posizioni/[id]/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/posizioni/nuova/page.tsx': { access: 'ente', roles: ['ente_admin', 'ente_operator'] },
  'app/ente/[slug]/admin/accedi/page.tsx': { access: 'public' },
  'app/ente/[slug]/admin/(area)/servizi/page.tsx': { access: 'ente', roles: ['ente_admin', 'ente_operator'] },
  'app/ente/[slug]/admin/(area)/servizi/nuovo/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  'app/ente/[slug]/admin/(area)/servizi/[code]/page.tsx': { access: 'ente', roles: ['ente_admin', 'ente_operator'] },
  'app/ente/[slug]/admin/(area)/importazioni/page.tsx': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/importazioni/modello.csv/route.ts': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/importazioni/carica/route.ts': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/importazioni/[id]/page.tsx': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/importazioni/[id]/stato/route.ts': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/importazioni/[id]/scarti.csv/route.ts': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/importazioni/[id]/avvisi.zip/route.ts': { access: 'ente', roles: IMPORT_ROLES },
  'app/ente/[slug]/admin/(area)/ricevute/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/ricevute/[id]/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/ricevute/[id]/ricevuta.pdf/route.ts': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/ricevute/[id]/originale/route.ts': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/ricevute/export.csv/route.ts': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/ricevute/export.xlsx/route.ts': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/anomalie/page.tsx': { access: 'ente', roles: ['ente_admin', 'ente_operator'] },
  // Issue 13: one anomaly with its refund; the admin records the refund, operators see it.
  'app/ente/[slug]/admin/(area)/anomalie/[id]/page.tsx': { access: 'ente', roles: ['ente_admin', 'ente_operator'] },
  'app/ente/[slug]/admin/(area)/anomalie/lavori/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  // Issue 13, conservazione: the Ente-wide archival duty; the admin configures and acts, the consultation role reads.
  'app/ente/[slug]/admin/(area)/conservazione/page.tsx': { access: 'ente', roles: CONSERVAZIONE_VIEW_ROLES },
  'app/ente/[slug]/admin/(area)/conservazione/[id]/page.tsx': { access: 'ente', roles: CONSERVAZIONE_VIEW_ROLES },
  'app/ente/[slug]/admin/(area)/conservazione/[id]/rapporto.xml/route.ts': { access: 'ente', roles: CONSERVAZIONE_VIEW_ROLES },
  'app/ente/[slug]/admin/(area)/conservazione/esportazioni/page.tsx': { access: 'ente', roles: CONSERVAZIONE_VIEW_ROLES },
  'app/ente/[slug]/admin/(area)/conservazione/esportazioni/[id]/route.ts': { access: 'ente', roles: CONSERVAZIONE_VIEW_ROLES },
  'app/ente/[slug]/admin/(area)/conservazione/impostazioni/page.tsx': { access: 'ente', roles: CONSERVAZIONE_ADMIN_ROLES },
  // Issue 14, notifications: the messages that could not be delivered, and what the Ente sends.
  'app/ente/[slug]/admin/(area)/notifiche/page.tsx': { access: 'ente', roles: ['ente_admin', 'ente_operator'] },
  'app/ente/[slug]/admin/(area)/impostazioni/notifiche/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  // Issue 10, FdR: flows, their payments, reconciliation anomalies and the accounting export; every role reads.
  'app/ente/[slug]/admin/(area)/riconciliazione/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/riconciliazione/[id]/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/riconciliazione/anomalie/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/riconciliazione/export.csv/route.ts': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/riconciliazione/export.xlsx/route.ts': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/provincia/cit/(area)/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/accedi/page.tsx': { access: 'public' },
  // The one-time link of `npm run setup`: the token in the URL is the authorization.
  'app/provincia/cit/accedi/nuova-password/page.tsx': { access: 'public' },
  'app/provincia/cit/(area)/impostazioni/page.tsx': { access: 'cit', roles: ['cit_admin'] },
  // cit-monitoring (issue 9): monitoring across Enti and health for every CIT role; the audit register for admins only.
  'app/provincia/cit/(area)/monitoraggio/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/monitoraggio/[enteId]/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/monitoraggio/salute/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/registro/page.tsx': { access: 'cit', roles: ['cit_admin'] },
  'app/provincia/cit/(area)/registro/export.csv/route.ts': { access: 'cit', roles: ['cit_admin'] },
  // Issue 9, cit-billing: partner registry, fee schedule and yearly billing. Approving a year and changing a
  // partner's compatibility are cit_admin's, checked by their actions; the pages show both roles what they may do.
  'app/provincia/cit/(area)/partner/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/partner/[codice]/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/quote/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/quote/[anno]/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/quote/[anno]/fatturazione.csv/route.ts': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/quote/[anno]/[ente]/prospetto.pdf/route.ts': { access: 'cit', roles: EVERY_CIT_ROLE },
  // Issue 9, Enti and onboarding: the CIT's adhesion files and the Ente admin's view of its own (with the disdetta).
  'app/provincia/cit/(area)/enti/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/enti/nuovo/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/enti/[id]/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/enti/[id]/documenti/[documentId]/route.ts': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/ente/[slug]/admin/(area)/impostazioni/adesione/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  'app/ente/[slug]/admin/(area)/impostazioni/adesione/documenti/[documentId]/route.ts': { access: 'ente', roles: ['ente_admin'] },
  // Issue 9, training and the referente's guide: the CIT schedules, Ente admins register, every staff role reads the guide.
  'app/provincia/cit/(area)/formazione/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/provincia/cit/(area)/formazione/[id]/page.tsx': { access: 'cit', roles: EVERY_CIT_ROLE },
  'app/ente/[slug]/admin/(area)/formazione/page.tsx': { access: 'ente', roles: ['ente_admin'] },
  'app/ente/[slug]/admin/(area)/guida/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  'app/ente/[slug]/admin/(area)/guida/[task]/page.tsx': { access: 'ente', roles: EVERY_ENTE_ROLE },
  // Helpdesk (issue 9, slice cit-helpdesk). Every Ente role, viewers included, may open, read and answer its
  // Ente's requests (lib/support/roles.ts says why); uploads go to the route handlers, downloads too.
  'app/ente/[slug]/admin/(area)/assistenza/page.tsx': { access: 'ente', roles: SUPPORT_ENTE_ROLES },
  'app/ente/[slug]/admin/(area)/assistenza/nuova/page.tsx': { access: 'ente', roles: SUPPORT_ENTE_ROLES },
  'app/ente/[slug]/admin/(area)/assistenza/invio/route.ts': { access: 'ente', roles: SUPPORT_ENTE_ROLES },
  'app/ente/[slug]/admin/(area)/assistenza/[id]/page.tsx': { access: 'ente', roles: SUPPORT_ENTE_ROLES },
  'app/ente/[slug]/admin/(area)/assistenza/[id]/risposta/route.ts': { access: 'ente', roles: SUPPORT_ENTE_ROLES },
  'app/ente/[slug]/admin/(area)/assistenza/[id]/allegati/[allegato]/route.ts': { access: 'ente', roles: SUPPORT_ENTE_ROLES },
  'app/provincia/cit/(area)/assistenza/page.tsx': { access: 'cit', roles: SUPPORT_CIT_ROLES },
  'app/provincia/cit/(area)/assistenza/[id]/page.tsx': { access: 'cit', roles: SUPPORT_CIT_ROLES },
  'app/provincia/cit/(area)/assistenza/[id]/risposta/route.ts': { access: 'cit', roles: SUPPORT_CIT_ROLES },
  'app/provincia/cit/(area)/assistenza/[id]/allegati/[allegato]/route.ts': { access: 'cit', roles: SUPPORT_CIT_ROLES },
  'app/provincia/cit/(area)/domande/page.tsx': { access: 'cit', roles: SUPPORT_CIT_ROLES },
  'app/provincia/cit/(area)/domande/[id]/page.tsx': { access: 'cit', roles: SUPPORT_CIT_ROLES },
};

/**
 * The public URL path of a route file and the site it answers on: `app/ente/[slug]/admin/x/page.tsx` is
 * `/admin/x` on an Ente's host, `app/provincia/cit/route.ts` is `/cit` on the provincial one. Route
 * groups `(name)` leave no trace in the URL, nor does the citizen pages' `[lingua]` (Italian, the default, has no
 * prefix: the middleware adds the segment); other dynamic segments stay as `[name]` for the caller to fill.
 */
export function publicRouteOf(file: string): { site: 'ente' | 'provincia'; path: string } {
  const match = /^app\/(ente\/\[slug\]|provincia)((?:\/[^/]+)*)\/(?:page|route)\.[jt]sx?$/.exec(file);
  if (!match) throw new Error(`non è un file di rotta: ${file}`);
  const segments = match[2]!.split('/').filter((s) => s && s !== '[lingua]' && !/^\(.*\)$/.test(s));
  return { site: match[1] === 'provincia' ? 'provincia' : 'ente', path: `/${segments.join('/')}` };
}

/**
 * Machine endpoints of the partners (`app/api/partners`): no session and no role; each handler
 * authenticates its caller itself and answers 401 otherwise. tests/unit/partner-routes.test.ts holds
 * every route file there to an entry here.
 */
export const PARTNER_ROUTE_AUTH: Readonly<Record<string, string>> = {
  'app/api/partners/sandbox/callbacks/route.ts': 'firma HMAC (x-signature) con il segreto dell’Ente presso il sandbox',
  'app/api/partners/govpay/ricevute/[idDominio]/[iuv]/[idRicevuta]/route.ts':
    'credenziale in ingresso dell’Ente (HTTP Basic o X-APP-ID/X-API-KEY, solo l’hash salvato) per il protocollo govpay',
  'app/api/partners/pagopa/ricevute/route.ts':
    'credenziale in ingresso dell’Ente (HTTP Basic o X-APP-ID/X-API-KEY, solo l’hash salvato) per il protocollo gpd_checkout',
  'app/api/partners/govpay/rendicontazioni/route.ts':
    'credenziale in ingresso dell’Ente (HTTP Basic o X-APP-ID/X-API-KEY, solo l’hash salvato) per il protocollo govpay',
};
