import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { and, eq, gte } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { z } from 'zod';
import { auditLog, users } from '@/db/schema';
import { ACTION_POLICIES, citAction, signedInAction, staffAction, wrappedActionOf } from '@/lib/actions/wrapper';
import type { ActionResult } from '@/lib/actions/result';
import type { RoutePolicy } from '@/lib/auth/route-policies';
import type { PortalSession } from '@/lib/auth/session';
import { authSecret } from '@/lib/config';
import { withTestDatabase } from '../support/test-db';
import { CITIZEN_FISCAL_CODE, MATRIX_ENTI, PERSONAS, expectedOutcome, type Persona } from '../support/personas';

/*
 * The server actions' authorization, through the real wrapper, Auth.js session decoding and database. Only
 * the request is injected: next/headers answers with the Host, Cookie and address a browser would send
 * (a real session cookie, signed with the portal's key). The e2e matrix does the same for pages over HTTP.
 */
const mockRequest: { headers: Headers } = { headers: new Headers() };
jest.mock('next/headers', () => ({
  headers: async () => mockRequest.headers,
  cookies: async () => ({ get: () => undefined, set: () => undefined }),
}));

const { testDb } = withTestDatabase();
const BASE = 'localhost:3000';
const ADDRESS = '203.0.113.44';
const userIds = new Map<string, string>();

beforeAll(async () => {
  // The wrapper's getDb() gives the process-wide database: this test's.
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  for (const row of await testDb().handle.db.select({ id: users.id, fiscalCode: users.fiscalCode }).from(users)) {
    if (row.fiscalCode) userIds.set(row.fiscalCode, row.id);
  }
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

/** The session a login through SPID would give this persona (staff get their account's id). */
function sessionOf(persona: Persona): PortalSession | undefined {
  if (!persona.fiscalCode) return undefined;
  const userId = persona.staff ? userIds.get(persona.fiscalCode) : undefined;
  if (persona.staff && !userId) throw new Error(`${persona.label}: account non trovato`);
  return { userId, fiscalCode: persona.fiscalCode, name: persona.label, method: 'spid', level: 2 };
}

async function actAs<T>(host: string, session: PortalSession | undefined, run: () => Promise<T>): Promise<T> {
  const headers = new Headers({ host, 'x-forwarded-proto': 'http', 'x-forwarded-for': ADDRESS });
  if (session) {
    const token = await encode({
      secret: authSecret(),
      salt: 'authjs.session-token',
      token: { sub: session.userId ?? session.fiscalCode, ...session },
    });
    headers.set('cookie', `authjs.session-token=${token}`);
  }
  mockRequest.headers = headers;
  return run();
}

const SESSION_EXPIRED = 'La sessione è scaduta: accedi di nuovo.';
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';
const NOT_HERE = 'Questa operazione non è disponibile su questo sito.';

// Actions of every shape the back offices will add; the real ones are imported below and join the matrix.
const TEST_ACTIONS = {
  prova_solo_admin: staffAction(
    'prova_solo_admin',
    ['ente_admin'],
    z.object({ nome: z.string().min(1) }),
    async ({ nome }, { ente, staff }) => ({
      nome,
      ente: ente.slug,
      role: staff.role,
    }),
  ),
  prova_staff: staffAction(
    'prova_staff',
    ['ente_admin', 'ente_operator', 'ente_viewer'],
    z.object({}),
    async (_input, { staff }) => staff.serviceIds,
  ),
  prova_solo_admin_cit: citAction('prova_solo_admin_cit', ['cit_admin'], z.object({}), async (_input, { staff }) => staff.role),
  prova_cit: citAction('prova_cit', ['cit_admin', 'cit_operator'], z.object({}), async () => 'ok'),
};
const myPayments = signedInAction(
  'prova_miei_pagamenti',
  z.object({}),
  async (_input, { session, ente }) => `${session.fiscalCode}@${ente.slug}`,
);

type AnyAction = (input: unknown) => Promise<ActionResult<unknown>>;

/** Every role-checked action by name: the test's own and those of every 'use server' module of the app. */
async function roleCheckedActions(): Promise<Map<string, AnyAction>> {
  const found = new Map<string, AnyAction>(Object.entries(TEST_ACTIONS) as [string, AnyAction][]);
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  const modules = ['lib', 'app']
    .flatMap((d) => walk(path.join(process.cwd(), d)))
    .filter((f) => /\.[jt]sx?$/.test(f) && /^\s*['"]use server['"]/.test(readFileSync(f, 'utf8')));
  for (const file of modules) {
    for (const value of Object.values((await import(file)) as Record<string, unknown>)) {
      const wrapped = wrappedActionOf(value);
      if (wrapped && (wrapped.kind === 'staff' || wrapped.kind === 'cit')) found.set(wrapped.name, value as AnyAction);
    }
  }
  return found;
}

async function refusalsOf(what: string, since: Date) {
  return testDb()
    .handle.db.select()
    .from(auditLog)
    .where(and(eq(auditLog.action, 'accesso_negato'), eq(auditLog.targetId, what), gte(auditLog.createdAt, since)));
}

const hostOf = (slug: string | null) => (slug ? `${slug}.${BASE}` : BASE);

describe('the authorization matrix of the server actions', () => {
  it('refuses, admits and audits every persona as each policy in ACTION_POLICIES says, on every site', async () => {
    const actions = await roleCheckedActions();
    expect([...ACTION_POLICIES.keys()].filter((name) => !actions.has(name))).toEqual([]);
    const wrong: string[] = [];
    for (const [name, policy] of ACTION_POLICIES) {
      const action = actions.get(name)!;
      const asRoute: RoutePolicy =
        policy.scope === 'ente' ? { access: 'ente', roles: policy.roles } : { access: 'cit', roles: policy.roles };
      for (const slug of policy.scope === 'ente' ? MATRIX_ENTI : [null]) {
        for (const persona of PERSONAS) {
          const since = new Date(Date.now() - 1000);
          const session = sessionOf(persona);
          const result = await actAs(hostOf(slug), session, () => action({}));
          const expected = expectedOutcome(asRoute, persona, slug);
          const where = `${name} su ${slug ?? 'provincia'} come ${persona.label}`;
          const error = result.ok ? undefined : result.error;
          if (expected === 'login' && error !== SESSION_EXPIRED) wrong.push(`${where}: atteso il login, ottenuto ${error ?? 'ok'}`);
          if (expected === 'ok' && [SESSION_EXPIRED, NOT_ALLOWED, NOT_HERE].includes(error ?? ''))
            wrong.push(`${where}: rifiutato (${error})`);
          if (expected === 'forbidden') {
            if (error !== NOT_ALLOWED) wrong.push(`${where}: atteso il rifiuto, ottenuto ${error ?? 'ok'}`);
            const audited = (await refusalsOf(`azione ${name}`, since)).filter(
              (r) => r.actorUserId === (session?.userId ?? null) && (r.details as { fiscalCode: string }).fiscalCode === persona.fiscalCode,
            );
            if (audited.length !== 1 || audited[0]!.ip !== ADDRESS) wrong.push(`${where}: rifiuto non registrato`);
            await testDb().handle.db.delete(auditLog).where(eq(auditLog.action, 'accesso_negato'));
          }
        }
      }
      // On the other kind of site the action does not exist, whoever asks. An Ente not active yet keeps its
      // back office (its staff prepare the catalogue), so only the CIT's actions are absent there.
      const wrongSite = policy.scope === 'ente' ? [BASE] : [hostOf('valmora'), hostOf('comune-demo'), hostOf('pratolungo')];
      for (const host of [...wrongSite, hostOf('inesistente'), 'evil.example', '']) {
        for (const persona of PERSONAS) {
          const result = await actAs(host, sessionOf(persona), () => action({}));
          if (result.ok || result.error !== NOT_HERE)
            wrong.push(`${name} su ${host || '(senza Host)'} come ${persona.label}: ${result.ok ? 'ok' : result.error}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every action × persona × site, each a full action call: minutes on a busy 2-core machine, not a hang.
  }, 300_000);
});

const sara = () => sessionOf(PERSONAS.find((p) => p.label.startsWith('Sara'))!);
const stefano = () => sessionOf(PERSONAS.find((p) => p.label.startsWith('Stefano'))!);

describe('a role-checked action', () => {
  it('checks the role before the input: someone refused learns nothing of what it expects', async () => {
    const refused = await actAs(hostOf('valmora'), stefano(), () => TEST_ACTIONS.prova_solo_admin({ nome: 42 } as never));
    expect(refused).toEqual({ ok: false, error: NOT_ALLOWED });
    const anonymous = await actAs(hostOf('valmora'), undefined, () => TEST_ACTIONS.prova_solo_admin('x'.repeat(100_000) as never));
    expect(anonymous).toEqual({ ok: false, error: SESSION_EXPIRED });
    const invalid = await actAs(hostOf('valmora'), sara(), () => TEST_ACTIONS.prova_solo_admin({ nome: 42 } as never));
    expect(invalid).toMatchObject({ ok: false, fieldErrors: { nome: expect.any(String) } });
  });

  it("runs with the Ente of the Host and the session's role, never the client's word", async () => {
    const done = await actAs(hostOf('valmora'), sara(), () =>
      TEST_ACTIONS.prova_solo_admin({ nome: 'Prova', ente: 'comune-demo', role: 'cit_admin' } as never),
    );
    expect(done).toEqual({ ok: true, data: { nome: 'Prova', ente: 'valmora', role: 'ente_admin' } });
  });

  it("gives a scoped operator's handler the services he is limited to", async () => {
    const scoped = await actAs(hostOf('valmora'), stefano(), () => TEST_ACTIONS.prova_staff({}));
    expect(scoped.ok && scoped.data).toHaveLength(2);
    const giulia = sessionOf(PERSONAS.find((p) => p.label.startsWith('Giulia'))!);
    expect(await actAs(hostOf('comune-demo'), giulia, () => TEST_ACTIONS.prova_staff({}))).toEqual({ ok: true, data: null });
  });

  it('refuses at once a user disabled after signing in', async () => {
    const session = sara()!;
    await testDb().handle.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, session.userId!));
    try {
      expect(await actAs(hostOf('valmora'), session, () => TEST_ACTIONS.prova_staff({}))).toEqual({ ok: false, error: NOT_ALLOWED });
    } finally {
      await testDb().handle.db.update(users).set({ disabledAt: null }).where(eq(users.id, session.userId!));
    }
  });

  it('treats a session cookie signed with another key, or garbage, as no session', async () => {
    const forged = await encode({ secret: 'x'.repeat(40), salt: 'authjs.session-token', token: { ...sara() } });
    for (const cookie of [`authjs.session-token=${forged}`, 'authjs.session-token=%00%ff', `authjs.session-token=${'a'.repeat(8000)}`]) {
      mockRequest.headers = new Headers({ host: hostOf('valmora'), 'x-forwarded-proto': 'http', cookie });
      expect(await TEST_ACTIONS.prova_staff({})).toEqual({ ok: false, error: SESSION_EXPIRED });
    }
  });
});

describe('an action for signed-in citizens', () => {
  it('acts for the fiscal code of the session, on an Ente site only', async () => {
    const citizen = sessionOf(PERSONAS.find((p) => p.fiscalCode === CITIZEN_FISCAL_CODE)!);
    expect(await actAs(hostOf('valmora'), citizen, () => myPayments({}))).toEqual({ ok: true, data: `${CITIZEN_FISCAL_CODE}@valmora` });
    expect(await actAs(BASE, citizen, () => myPayments({}))).toEqual({ ok: false, error: NOT_HERE });
    expect(await actAs(hostOf('valmora'), undefined, () => myPayments({}))).toEqual({ ok: false, error: SESSION_EXPIRED });
    // A password login proves no fiscal code: it cannot see anyone's payments.
    const password: PortalSession = { userId: sara()!.userId, name: 'Sara Bonetti', method: 'password' };
    expect(await actAs(hostOf('valmora'), password, () => myPayments({}))).toEqual({ ok: false, error: SESSION_EXPIRED });
  });
});
