import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decode } from 'next-auth/jwt';
import postgres from 'postgres';
import { DEFAULT_DEMO_PASSWORD } from '@/db/seed';
import { ACTION_POLICIES, wrappedActionOf, type ActionKind } from '@/lib/actions/wrapper';
import { ROUTE_POLICIES, publicRouteOf, type RoutePolicy } from '@/lib/auth/route-policies';
import type { PortalSession } from '@/lib/auth/session';
import { MATRIX_ENTI, PERSONAS, expectedOutcome, type Outcome, type Persona } from '../../support/personas';
import { E2E_AUTH_SECRET, assert, requestWithHost, type E2EContext, type HostResponse, type Suite } from '../harness';
import { SESSION_COOKIE, mintSessionCookie, signInContext } from '../sessions';

/*
 * The authorization matrix over HTTP: every back-office route of lib/auth/route-policies.ts, on each site it
 * answers on, asked by each persona of tests/support/personas.ts with the session cookie a login would give
 * them, must redirect to the login, answer 403 (and audit it) or open, as its policy says. Server actions
 * are asked the same way, with the Next-Action header Next's client sends; their wrong-site cases and the
 * audit of their refusals are in jest (tests/integration/action-policies.test.ts).
 */

/** Fills dynamic segments (`[id]`) with a well-formed id that names nothing: the guard runs before any lookup. */
const concretePath = (path: string) => path.replace(/\[\[?\.{0,3}[^\]]+\]\]?/g, '00000000-0000-0000-0000-000000000000');
const isDynamic = (path: string) => path.includes('[');

function setCookies(response: HostResponse): string[] {
  const raw = response.headers['set-cookie'];
  return Array.isArray(raw) ? raw : raw ? [raw] : [];
}

/**
 * The staff account id of a persona, by signing in the way the portal offers (the password login, through
 * Auth.js's own endpoint) and reading the session it gives: no lookup the application does not offer.
 */
export async function userIdByPasswordLogin(port: number, host: string, email: string): Promise<string> {
  const csrf = await requestWithHost(port, host, '/api/auth/csrf');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = setCookies(csrf)
    .map((c) => c.split(';')[0])
    .join('; ');
  const login = await requestWithHost(port, host, '/api/auth/callback/credentials', {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrfToken, email, password: process.env.DEMO_STAFF_PASSWORD ?? DEFAULT_DEMO_PASSWORD }).toString(),
  });
  const session = setCookies(login).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  assert(session, `${email}: nessuna sessione dal login con password (HTTP ${login.status})`);
  // Host-only: no Domain attribute, so the browser sends it back to this host and to no other Ente's.
  assert(!/;\s*domain=/i.test(session), `${email}: il cookie di sessione vale per più host: ${session}`);
  const token = await decode({
    token: session.split(';')[0]!.slice(SESSION_COOKIE.length + 1),
    secret: E2E_AUTH_SECRET,
    salt: SESSION_COOKIE,
  });
  assert(typeof token?.userId === 'string', `${email}: la sessione non porta l'id dell'utente`);
  return token.userId;
}

/** The refusals audited for this request since `since`, when the e2e portal runs on a PostgreSQL server this test can read. */
async function auditedRefusals(
  sql: postgres.Sql | undefined,
  refusal: { slug: string | null; what: string; userId: string | null; since: Date },
): Promise<number | undefined> {
  if (!sql) return undefined;
  const { slug, what, userId, since } = refusal;
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from audit_log
    -- target_id keeps only the first 64 characters of what was asked; details has all of it.
    where action = 'accesso_negato' and details->>'what' = ${what} and actor_user_id is not distinct from ${userId}::uuid
      and ente_id is not distinct from (select id from enti where slug = ${slug}) and created_at >= ${since}`;
  return row!.n;
}

function outcomeOf(response: HostResponse, login: string, pathname: string): Outcome | string {
  const location = String(response.headers.location ?? '');
  if ([303, 307].includes(response.status) && new URL(location, 'http://x').pathname === login) {
    const back = new URL(location, 'http://x').searchParams.get('ritorno');
    return back === pathname ? 'login' : `login con ritorno=${back}`;
  }
  if (response.status === 403) return response.body.includes('Accesso non consentito') ? 'forbidden' : '403 senza la pagina in italiano';
  if (response.status === 200) return 'ok';
  return `HTTP ${response.status} ${location}`;
}

function sentToArea(response: HostResponse, login: string): boolean {
  const area = login.replace(/\/accedi$/, '');
  return [303, 307].includes(response.status) && new URL(String(response.headers.location ?? ''), 'http://x').pathname === area;
}

/** Fills the dynamic segments of an action's page. */
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

interface BuiltAction {
  id: string;
  kind: ActionKind;
  name: string;
  /** A page of the build that offers the action, as a public route. */
  route: { site: 'ente' | 'provincia'; path: string };
}

/**
 * The server actions of the build (`next build` writes their ids, files and export names to the server
 * reference manifest), each with the wrapper that made it and a page to post it to.
 */
async function builtActions(): Promise<BuiltAction[]> {
  const manifest = JSON.parse(readFileSync(path.join(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  const actions: BuiltAction[] = [];
  for (const [id, entry] of Object.entries(manifest.node)) {
    const exported = (await import(path.join(process.cwd(), entry.filename))) as Record<string, unknown>;
    const wrapped = wrappedActionOf(exported[entry.exportedName]);
    assert(wrapped, `${entry.filename}: ${entry.exportedName} non passa dal wrapper delle azioni`);
    // A page offering the action; its dynamic segments (an Ente's request, a session) get an id that names
    // nothing: the wrapper decides before the handler looks anything up, so the refusal does not depend on it.
    // A module may export actions of both sites (the CIT's and the Ente's side of training): the page is on the action's own site.
    const site = wrapped.kind === 'cit' ? /^app\/provincia\// : wrapped.kind === 'site' ? /^app\// : /^app\/ente\//;
    const pages = Object.keys(entry.workers)
      .filter((w) => site.test(w) && /^app\/(ente\/\[slug\]|provincia)(\/[^/]+)*\/page$/.test(w))
      .sort((a, b) => (a.match(/\[/g)?.length ?? 0) - (b.match(/\[/g)?.length ?? 0));
    assert(pages.length > 0, `${entry.exportedName}: nessuna pagina da cui chiamarla`);
    const route = publicRouteOf(`${pages[0]}.tsx`);
    actions.push({ id, ...wrapped, route: { ...route, path: route.path.replace(/\[[^\]]+\]/g, UNKNOWN_ID) } });
  }
  return actions;
}

const ACTION_REFUSALS: Record<string, Outcome> = {
  'La sessione è scaduta: accedi di nuovo.': 'login',
  'Non hai i permessi per questa operazione.': 'forbidden',
};

/** What the wrapper answered, read from the RSC payload of the action's response. */
function actionOutcome(response: HostResponse): Outcome | string {
  if (response.status !== 200) return `HTTP ${response.status}`;
  for (const [message, outcome] of Object.entries(ACTION_REFUSALS)) if (response.body.includes(message)) return outcome;
  if (response.body.includes('non è disponibile su questo sito')) return 'sito sbagliato';
  return /"ok":(true|false)/.test(response.body) ? 'ok' : `risposta inattesa: ${response.body.slice(0, 200)}`;
}

/** What must happen when `persona` calls an action of this kind on the site of `slug`. */
function expectedActionOutcome(action: BuiltAction, persona: Persona, slug: string | null): Outcome {
  if (action.kind === 'staff' || action.kind === 'cit') {
    const policy = ACTION_POLICIES.get(action.name)!;
    return expectedOutcome(
      policy.scope === 'ente' ? { access: 'ente', roles: policy.roles } : { access: 'cit', roles: policy.roles },
      persona,
      slug,
    );
  }
  if (action.kind === 'signedIn') return persona.fiscalCode ? 'ok' : 'login';
  return 'ok';
}

export function register(suite: Suite, { portal, browser }: E2EContext) {
  const hostOf = (slug: string | null) => (slug ? `${slug}.${portal.base}` : portal.base);
  const userIds = new Map<string, string>();
  // Present only when the portal runs on the PostgreSQL server of DATABASE_URL (PGlite is one process's).
  const databaseUrl = process.env.DATABASE_URL;

  async function sessionOf(persona: Persona): Promise<PortalSession | undefined> {
    if (!persona.fiscalCode) return undefined;
    if (persona.staff && !userIds.has(persona.label)) {
      const slug = Object.keys(persona.enteRoles)[0] ?? null;
      userIds.set(persona.label, await userIdByPasswordLogin(portal.port, hostOf(slug), persona.email!));
    }
    return { userId: userIds.get(persona.label), fiscalCode: persona.fiscalCode, name: persona.label, method: 'spid', level: 2 };
  }

  const cookieOf = async (persona: Persona) => {
    const session = await sessionOf(persona);
    return session ? `${SESSION_COOKIE}=${await mintSessionCookie(session)}` : undefined;
  };

  suite.test('authorization matrix: every back-office route × every persona, on every site, as its policy says', async () => {
    const sql = databaseUrl ? postgres(databaseUrl, { max: 1, onnotice: () => {} }) : undefined;
    const wrong: string[] = [];
    let checked = 0;
    try {
      for (const [file, policy] of Object.entries(ROUTE_POLICIES) as [string, RoutePolicy][]) {
        const route = publicRouteOf(file);
        const pathname = concretePath(route.path);
        const login = route.site === 'ente' ? '/admin/accedi' : '/cit/accedi';
        for (const slug of route.site === 'ente' ? MATRIX_ENTI : [null]) {
          for (const persona of PERSONAS) {
            const cookie = await cookieOf(persona);
            const since = new Date(Date.now() - 2000);
            const response = await requestWithHost(portal.port, hostOf(slug), pathname, { headers: cookie ? { cookie } : {} });
            const expected = expectedOutcome(policy, persona, slug);
            let actual = outcomeOf(response, login, pathname);
            if (actual === 'ok' || (isDynamic(route.path) && response.status === 404)) actual = 'ok';
            // A login page sends someone who already holds a role there straight into the area.
            if (policy.access === 'public' && sentToArea(response, login)) actual = 'ok';
            const where = `GET ${hostOf(slug)}${pathname} come ${persona.label}`;
            if (actual !== expected) wrong.push(`${where}: atteso ${expected}, ottenuto ${actual}`);
            if (expected === 'forbidden') {
              const audited = await auditedRefusals(sql, {
                slug,
                what: `GET ${pathname}`,
                userId: userIds.get(persona.label) ?? null,
                since,
              });
              if (audited !== undefined && audited !== 1) wrong.push(`${where}: ${audited} righe accesso_negato, attesa 1`);
            }
            checked++;
          }
        }
        // On the other kind of site the route does not exist at all, whoever asks.
        const elsewhere = route.site === 'ente' ? [null] : MATRIX_ENTI;
        for (const slug of elsewhere) {
          for (const persona of PERSONAS) {
            const cookie = await cookieOf(persona);
            const response = await requestWithHost(portal.port, hostOf(slug), pathname, { headers: cookie ? { cookie } : {} });
            if (response.status !== 404)
              wrong.push(`GET ${hostOf(slug)}${pathname} come ${persona.label}: HTTP ${response.status}, atteso 404`);
          }
        }
      }
    } finally {
      await sql?.end();
    }
    assert(wrong.length === 0, `matrice delle autorizzazioni (${checked} casi):\n  ${wrong.join('\n  ')}`);
    if (!sql) console.log('    (righe accesso_negato verificate solo con DATABASE_URL: il portale usa PGlite)');
  });

  suite.test('authorization matrix: every server action of the build × every persona, posted as Next posts it', async () => {
    const actions = await builtActions();
    assert(
      actions.some((a) => a.name === 'login'),
      'le azioni della build non sono state trovate',
    );
    const wrong: string[] = [];
    for (const action of actions) {
      // An empty argument: the role is checked before the input, so refusals do not depend on it.
      const body = JSON.stringify([{}]);
      for (const slug of action.route.site === 'ente' ? MATRIX_ENTI : [null]) {
        for (const persona of PERSONAS) {
          const cookie = await cookieOf(persona);
          const response = await requestWithHost(portal.port, hostOf(slug), action.route.path, {
            method: 'POST',
            headers: {
              'next-action': action.id,
              accept: 'text/x-component',
              'content-type': 'text/plain;charset=UTF-8',
              origin: `http://${hostOf(slug)}`,
              ...(cookie ? { cookie } : {}),
            },
            body,
          });
          const expected = expectedActionOutcome(action, persona, slug);
          const actual = actionOutcome(response);
          if (actual !== expected)
            wrong.push(`${action.name} (${action.kind}) su ${hostOf(slug)} come ${persona.label}: atteso ${expected}, ottenuto ${actual}`);
        }
      }
    }
    assert(wrong.length === 0, `azioni:\n  ${wrong.join('\n  ')}`);
  });

  suite.test(
    "authorization: a session is host-only — Sara's on Valmora is no session on Comune Demo, and there hers is a 403",
    async () => {
      const sara = PERSONAS.find((p) => p.enteRoles.valmora === 'ente_admin')!;
      const session = (await sessionOf(sara))!;
      const context = await browser.newContext({ locale: 'it-IT' });
      try {
        await signInContext(context, hostOf('valmora'), session);
        const page = await context.newPage();
        const own = await page.goto(portal.url('valmora', '/admin'));
        assert(own?.status() === 200, `Valmora, la sua area: HTTP ${own?.status()}`);
        await page.getByRole('heading', { name: 'Back office di Comune di Valmora' }).waitFor();

        await page.goto(portal.url('comune-demo', '/admin'));
        await page.waitForURL(portal.url('comune-demo', '/admin/accedi?ritorno=%2Fadmin'));
        const sent = await context.cookies(portal.url('comune-demo'));
        assert(!sent.some((c) => c.name === SESSION_COOKIE), 'il cookie di Valmora viene mandato a Comune Demo');

        await signInContext(context, hostOf('comune-demo'), session);
        const other = await page.goto(portal.url('comune-demo', '/admin'));
        assert(other?.status() === 403, `Comune Demo con la sessione di Sara: HTTP ${other?.status()}`);
        await page.getByRole('heading', { name: 'Accesso non consentito' }).waitFor();
      } finally {
        await context.close();
      }
    },
  );
}
