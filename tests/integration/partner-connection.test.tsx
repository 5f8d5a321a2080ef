import { and, eq } from 'drizzle-orm';
import { auditLog, enti, memberships, partnerConnections, partners, services } from '@/db/schema';
import { DEMO_CIT_STAFF } from '@/db/seed/enti';
import EntePartnerPage from '@/app/ente/[slug]/admin/(area)/impostazioni/partner/page';
import CitPartnerPage from '@/app/provincia/cit/(area)/enti/[id]/collegamento/page';
import CitAdhesionPage from '@/app/provincia/cit/(area)/enti/[id]/page';
import CitEntiPage from '@/app/provincia/cit/(area)/enti/page';
import { findActiveEnteBySlug } from '@/lib/enti/queries';
import {
  issueCitInboundCredential,
  issueEnteInboundCredential,
  saveCitConnection,
  saveCitServiceCodes,
  saveEnteConnection,
  saveEnteServiceCodes,
  testCitConnection,
  testEnteConnection,
} from '@/lib/partners/connection-actions';
import {
  CONNECTION_TEST_LIMIT,
  issueConnectionCredential,
  loadConnectionView,
  testPartnerConnection,
  type ConnectionActor,
} from '@/lib/partners/connection-admin';
import type { GovpayConnectionFormInput, GpdConnectionFormInput } from '@/lib/partners/connection-form';
import { loadConnection, verifyInbound } from '@/lib/partners/connections';
import type { PartnerResolver } from '@/lib/partners/registry';
import { sha256Hex } from '@/lib/partners/secrets';
import type { PaymentPartner } from '@/lib/partners/types';
import { actAs, actAsOnProvincia, shareDatabaseWithActions, staffSession } from '../support/acting-as';
import { renderPage } from '../support/render-page';
import { withTestDatabase } from '../support/test-db';

jest.mock('next/headers', () => jest.requireActual('../support/acting-as').nextHeaders);
// next.config.ts turns on authInterrupts (forbidden()); Next passes it to the server this way.
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
// The forms' useRouter needs the App Router's context, which a plain server render does not have.
jest.mock('next/navigation', () => ({
  ...jest.requireActual('next/navigation'),
  useRouter: () => ({ refresh: () => undefined, push: () => undefined }),
}));

const { db, testDb } = withTestDatabase();
shareDatabaseWithActions(() => testDb().handle);

const SARA = 'BNTSRA79S43B157V'; // admin of Valmora
const STEFANO = 'GTTSFN85A30B157O'; // operator of Valmora
const PAOLO = 'FRRPLA70H21B157M'; // admin of Comune Demo
const CITIZEN = 'RSSMRA80A01B157Y';
const NOT_ALLOWED = 'Non hai i permessi per questa operazione.';
const citAdmin = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_admin')!.fiscalCode);
const citOperator = () => staffSession(db(), DEMO_CIT_STAFF.find((s) => s.platformRole === 'cit_operator')!.fiscalCode);
const sara = () => staffSession(db(), SARA);

const PASSWORD = 'PwD-segretissima-1234567890';
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUcert\n-----END CERTIFICATE-----';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49keyvalue\n-----END PRIVATE KEY-----';
const GPD_KEY = 'gpd0123456789abcdef0123456789abcd';

const GOVPAY: GovpayConnectionFormInput = {
  protocol: 'govpay',
  pendenzeUrl: 'https://govpay.nordcom.example.it/govpay/backend/api/pendenze/rs/basic/v2/',
  ragioneriaUrl: 'https://govpay.nordcom.example.it/govpay/backend/api/ragioneria/rs/basic/v3',
  idA2A: 'PORTALE_BS',
  defaultTipoPendenza: 'SPONTANEO',
  outboundAuth: 'basic',
  username: 'portale-valmora',
  ownNoticeNumbers: true,
  checkoutUrl: 'https://api.uat.platform.pagopa.it/checkout/ec',
  checkoutVersion: '2',
  password: PASSWORD,
  clientCertPem: '',
  clientKeyPem: '',
  checkoutKey: '',
  remove: {},
};

const GPD: GpdConnectionFormInput = {
  protocol: 'gpd_checkout',
  gpdUrl: 'https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1',
  receiptsUrl: 'https://api.uat.platform.pagopa.it/gpd/payments-receipts-service/v1',
  fdrUrl: '',
  checkoutUrl: 'https://api.uat.platform.pagopa.it/checkout/ec',
  checkoutVersion: '1',
  gpdKey: GPD_KEY,
  receiptsKey: '',
  fdrKey: '',
  checkoutKey: '',
  remove: {},
};

const valmora = async () => (await findActiveEnteBySlug(db(), 'valmora'))!;

/** Every audit row of the connection, as text: secrets must never be in it. */
async function auditText(enteId: string): Promise<string> {
  const rows = await db().select().from(auditLog).where(eq(auditLog.enteId, enteId));
  return JSON.stringify(rows);
}

const entePage = (slug: string) => () => EntePartnerPage({ params: Promise.resolve({ slug }) });
const citPage = (id: string) => () => CitPartnerPage({ params: Promise.resolve({ id }) });

beforeAll(async () => {
  // Valmora moves to a real partner whose registry entry says GovPay; Comune Demo stays on the sandbox.
  await db().update(partners).set({ protocol: 'govpay' }).where(eq(partners.code, 'nordcom_tim'));
  await db().update(enti).set({ partner: 'nordcom_tim' }).where(eq(enti.slug, 'valmora'));
});

describe('the page', () => {
  it('is the Ente admin’s only: operators, viewers, another Ente’s admin and citizens are refused', async () => {
    const ok = await actAs('valmora', await sara(), () => renderPage(entePage('valmora')));
    expect(ok.status).toBe(200);
    const html = (ok as { html: string }).html;
    expect(html).toContain('Collegamento con il partner');
    expect(html).toContain('NordCom');
    expect(html).toContain('da configurare');
    expect(html).toContain('GovPay (API REST)');

    expect((await actAs('valmora', await staffSession(db(), STEFANO), () => renderPage(entePage('valmora')))).status).toBe(403);
    expect((await actAs('valmora', await staffSession(db(), PAOLO), () => renderPage(entePage('valmora')))).status).toBe(403);
    const citizen = { fiscalCode: CITIZEN, name: 'Mario Rossi', method: 'spid' as const, level: 2 as const };
    expect((await actAs('valmora', citizen, () => renderPage(entePage('valmora')))).status).toBe(403);
    expect((await actAs('valmora', undefined, () => renderPage(entePage('valmora')))).status).toBe(307);
    // The path's slug must match the Host: Valmora's admin on Comune Demo's host gets nothing of Valmora.
    expect((await actAs('comune-demo', await sara(), () => renderPage(entePage('valmora')))).status).toBe(404);

    const ente = await valmora();
    const stefano = await staffSession(db(), STEFANO);
    await db().update(memberships).set({ role: 'ente_viewer' }).where(eq(memberships.userId, stefano.userId!));
    try {
      expect((await actAs('valmora', stefano, () => renderPage(entePage('valmora')))).status).toBe(403);
    } finally {
      await db()
        .update(memberships)
        .set({ role: 'ente_operator' })
        .where(and(eq(memberships.userId, stefano.userId!), eq(memberships.enteId, ente.id)));
    }
  });

  it('on the CIT side is the CIT admin’s; the adhesion file shows «collegamento da configurare»', async () => {
    const ente = await valmora();
    const adhesion = await actAsOnProvincia(await citOperator(), () =>
      renderPage(() => CitAdhesionPage({ params: Promise.resolve({ id: ente.id }) })),
    );
    expect(adhesion.status).toBe(200);
    expect((adhesion as { html: string }).html).toContain('collegamento da configurare');
    expect((adhesion as { html: string }).html).not.toContain(`/cit/enti/${ente.id}/collegamento`);
    const list = await actAsOnProvincia(await citOperator(), () =>
      renderPage(() => CitEntiPage({ searchParams: Promise.resolve({ q: 'valmora' }) })),
    );
    expect((list as { html: string }).html).toContain('Collegamento da configurare');

    expect((await actAsOnProvincia(await citAdmin(), () => renderPage(citPage(ente.id)))).status).toBe(200);
    expect((await actAsOnProvincia(await citOperator(), () => renderPage(citPage(ente.id)))).status).toBe(403);
    expect((await actAsOnProvincia(await sara(), () => renderPage(citPage(ente.id)))).status).toBe(403);
    expect((await actAsOnProvincia(await citAdmin(), () => renderPage(citPage('not-a-uuid')))).status).toBe(404);
    expect((await actAsOnProvincia(await citAdmin(), () => renderPage(citPage('00000000-0000-4000-8000-000000000000')))).status).toBe(404);
  });

  it('says the sandbox needs no connection', async () => {
    const page = await actAs('comune-demo', await staffSession(db(), PAOLO), () => renderPage(entePage('comune-demo')));
    expect(page.status).toBe(200);
    expect((page as { html: string }).html).toContain('non ha bisogno di un collegamento');
  });
});

describe('saving the connection', () => {
  it('refuses a first save without the secret the chosen authentication needs, and stores nothing', async () => {
    const refused = await actAs('valmora', await sara(), () => saveEnteConnection({ ...GOVPAY, password: '' }));
    expect(refused).toMatchObject({ ok: false, error: expect.stringContaining('Password') });
    const rows = await db()
      .select()
      .from(partnerConnections)
      .where(eq(partnerConnections.enteId, (await valmora()).id));
    expect(rows).toHaveLength(0);
  });

  it('refuses huge values, NUL bytes, arrays for strings and a bad PEM, field by field', async () => {
    const session = await sara();
    const huge = await actAs('valmora', session, () =>
      saveEnteConnection({ ...GOVPAY, pendenzeUrl: `https://x.it/${'a'.repeat(100_000)}` }),
    );
    expect(huge).toMatchObject({ ok: false, fieldErrors: { pendenzeUrl: expect.any(String) } });
    const nul = await actAs('valmora', session, () => saveEnteConnection({ ...GOVPAY, username: 'port\u0000ale', password: 'a\u0000b' }));
    expect(nul).toMatchObject({ ok: false, fieldErrors: { username: expect.any(String), password: expect.any(String) } });
    const array = await actAs('valmora', session, () => saveEnteConnection({ ...GOVPAY, idA2A: ['PORTALE'] as never }));
    expect(array).toMatchObject({ ok: false, fieldErrors: { idA2A: expect.any(String) } });
    const pem = await actAs('valmora', session, () =>
      saveEnteConnection({ ...GOVPAY, outboundAuth: 'client_cert', clientCertPem: 'non un certificato', clientKeyPem: KEY }),
    );
    expect(pem).toMatchObject({ ok: false, fieldErrors: { clientCertPem: expect.any(String) } });
    const badUrl = await actAs('valmora', session, () => saveEnteConnection({ ...GOVPAY, checkoutUrl: 'javascript:alert(1)' }));
    expect(badUrl).toMatchObject({ ok: false, fieldErrors: { checkoutUrl: expect.any(String) } });
    expect(
      await db()
        .select()
        .from(partnerConnections)
        .where(eq(partnerConnections.enteId, (await valmora()).id)),
    ).toHaveLength(0);
  });

  it('is refused to operators, another Ente’s admin and on a sandbox Ente', async () => {
    expect(await actAs('valmora', await staffSession(db(), STEFANO), () => saveEnteConnection(GOVPAY))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await actAs('valmora', await staffSession(db(), PAOLO), () => saveEnteConnection(GOVPAY))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    const sandbox = await actAs('comune-demo', await staffSession(db(), PAOLO), () => saveEnteConnection(GOVPAY));
    expect(sandbox).toMatchObject({ ok: false, error: expect.stringContaining('sandbox') });
  });

  it('keeps secrets write-only: saved, kept when left empty, never in the page or the audit', async () => {
    const session = await sara();
    const ente = await valmora();
    expect(await actAs('valmora', session, () => saveEnteConnection(GOVPAY))).toEqual({ ok: true, data: { saved: true } });
    const stored = await loadConnection(db(), ente.id);
    expect(stored).toMatchObject({
      protocol: 'govpay',
      settings: { pendenzeUrl: GOVPAY.pendenzeUrl.replace(/\/$/, ''), idA2A: 'PORTALE_BS', checkoutVersion: 2, ownNoticeNumbers: true },
      secrets: { password: PASSWORD },
    });
    // Saved again without the password (the form always starts empty): the stored one stays.
    expect(await actAs('valmora', session, () => saveEnteConnection({ ...GOVPAY, password: '', idA2A: 'PORTALE_2' }))).toMatchObject({
      ok: true,
    });
    expect(await loadConnection(db(), ente.id)).toMatchObject({ settings: { idA2A: 'PORTALE_2' }, secrets: { password: PASSWORD } });

    const page = await actAs('valmora', session, () => renderPage(entePage('valmora')));
    const html = (page as { html: string }).html;
    expect(html).not.toContain(PASSWORD);
    expect(html).toMatch(/Impostata il \d{2}\/\d{2}\/\d{4}/);
    expect(html).toContain('configurato');
    // What reaches the browser as the client form's props (the RSC payload) comes from this view: names only.
    const view = await loadConnectionView(db(), ente.id);
    expect(view.connection).toMatchObject({ settings: { idA2A: 'PORTALE_2' }, secrets: [{ name: 'password', setAt: expect.any(Date) }] });
    expect(JSON.stringify(view)).not.toContain(PASSWORD);
    const audit = await auditText(ente.id);
    expect(audit).toContain('collegamento_partner_modificato');
    expect(audit).toContain('"secretsSet":["password"]');
    expect(audit).not.toContain(PASSWORD);
  });

  it('«rimuovi» clears a secret; switching to the client certificate stores the PEMs', async () => {
    const session = await sara();
    const ente = await valmora();
    const stillBasic = await actAs('valmora', session, () => saveEnteConnection({ ...GOVPAY, password: '', remove: { password: true } }));
    expect(stillBasic).toMatchObject({ ok: false, error: expect.stringContaining('Password') });
    expect((await loadConnection(db(), ente.id)).secrets).toEqual({ password: PASSWORD });

    const cert = await actAs('valmora', session, () =>
      saveEnteConnection({
        ...GOVPAY,
        outboundAuth: 'client_cert',
        password: '',
        clientCertPem: CERT,
        clientKeyPem: KEY,
        remove: { password: true },
      }),
    );
    expect(cert).toMatchObject({ ok: true });
    const stored = await loadConnection(db(), ente.id);
    expect(stored.secrets).toEqual({ clientCertPem: CERT, clientKeyPem: KEY });
    expect(stored.settings).not.toHaveProperty('username');
    const audit = await auditText(ente.id);
    expect(audit).not.toContain('MIGHAgEAMBMGByqGSM49keyvalue');
    expect(audit).toContain('"secretsRemoved":["password"]');
  });

  it('switching protocol drops every stored secret', async () => {
    const ente = await valmora();
    expect(await actAs('valmora', await sara(), () => saveEnteConnection(GPD))).toMatchObject({ ok: true });
    const stored = await loadConnection(db(), ente.id);
    expect(stored).toMatchObject({ protocol: 'gpd_checkout', settings: { checkoutVersion: 1 }, secrets: { gpdKey: GPD_KEY } });
    expect(Object.keys(stored.secrets)).toEqual(['gpdKey']);
    expect(stored.settings).not.toHaveProperty('fdrUrl');
    const latest = (
      await db()
        .select({ details: auditLog.details })
        .from(auditLog)
        .where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, 'collegamento_partner_modificato')))
        .orderBy(auditLog.id)
    ).at(-1)!.details as { secretsRemoved: string[]; before: { protocol: string } };
    expect(latest.before.protocol).toBe('govpay');
    expect(latest.secretsRemoved.sort()).toEqual(['clientCertPem', 'clientKeyPem']);
    expect(await auditText(ente.id)).not.toContain(GPD_KEY);
  });
});

describe('concurrent changes', () => {
  it('two saves and two credentials at once leave one consistent state, each audited', async () => {
    const ente = await valmora();
    const session = await sara();
    const before = (await db().select().from(auditLog).where(eq(auditLog.enteId, ente.id))).length;
    const saves = await Promise.all(
      ['uno-1234567890', 'due-1234567890'].map((gpdKey) => actAs('valmora', session, () => saveEnteConnection({ ...GPD, gpdKey }))),
    );
    expect(saves.every((r) => r.ok)).toBe(true);
    expect(['uno-1234567890', 'due-1234567890']).toContain((await loadConnection(db(), ente.id)).secrets.gpdKey);
    const issued = await Promise.all(
      ['primo-a', 'secondo-b'].map((principal) =>
        actAs('valmora', session, () => issueEnteInboundCredential({ auth: 'basic', principal })),
      ),
    );
    const secrets = issued.map((r) => (r as { data: { principal: string; secret: string } }).data);
    const [row] = await db().select().from(partnerConnections).where(eq(partnerConnections.enteId, ente.id));
    const winner = secrets.find((c) => c.principal === row!.inboundPrincipal)!;
    expect(row!.inboundSecretSha256).toBe(sha256Hex(winner.secret));
    expect((await db().select().from(auditLog).where(eq(auditLog.enteId, ente.id))).length).toBe(before + 4);
    // Back to what the next tests expect.
    expect(await actAs('valmora', session, () => saveEnteConnection(GPD))).toMatchObject({ ok: true });
  });
});

describe('the inbound credential', () => {
  it('is shown once; only its hash is stored; a new one replaces it at once', async () => {
    const ente = await valmora();
    const issued = await actAs('valmora', await sara(), () => issueEnteInboundCredential({ auth: 'basic', principal: 'govpay-valmora' }));
    expect(issued).toMatchObject({ ok: true, data: { auth: 'basic', principal: 'govpay-valmora', secret: expect.any(String) } });
    const secret = (issued as { data: { secret: string } }).data.secret;
    const [row] = await db().select().from(partnerConnections).where(eq(partnerConnections.enteId, ente.id));
    expect(row!.inboundSecretSha256).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await auditText(ente.id)).not.toContain(secret);
    const html = ((await actAs('valmora', await sara(), () => renderPage(entePage('valmora')))) as { html: string }).html;
    expect(html).not.toContain(secret);
    expect(html).toContain('govpay-valmora');
    expect(html).toContain('http://localhost:3000/api/partners/pagopa/ricevute');

    const basic = (user: string, password: string) =>
      new Headers({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });
    expect(await verifyInbound(db(), 'gpd_checkout', ente.fiscalCode, basic('govpay-valmora', secret))).toMatchObject({ ok: true });
    const again = await actAs('valmora', await sara(), () => issueEnteInboundCredential({ auth: 'api_key', principal: 'app-valmora' }));
    expect(again).toMatchObject({ ok: true });
    expect(await verifyInbound(db(), 'gpd_checkout', ente.fiscalCode, basic('govpay-valmora', secret))).toMatchObject({ ok: false });
    const key = (again as { data: { secret: string } }).data.secret;
    expect(
      await verifyInbound(db(), 'gpd_checkout', ente.fiscalCode, new Headers({ 'x-app-id': 'app-valmora', 'x-api-key': key })),
    ).toMatchObject({ ok: true });
  });

  it('refuses operators, bad identifiers, a sandbox Ente and an Ente without a connection', async () => {
    expect(
      await actAs('valmora', await staffSession(db(), STEFANO), () => issueEnteInboundCredential({ auth: 'basic', principal: 'abc' })),
    ).toEqual({ ok: false, error: NOT_ALLOWED });
    const bad = await actAs('valmora', await sara(), () => issueEnteInboundCredential({ auth: 'basic', principal: 'a:b\u0000' }));
    expect(bad).toMatchObject({ ok: false, fieldErrors: { principal: expect.any(String) } });
    const arrayAuth = await actAs('valmora', await sara(), () =>
      issueEnteInboundCredential({ auth: ['basic'] as never, principal: 'abcdef' }),
    );
    expect(arrayAuth).toMatchObject({ ok: false, fieldErrors: { auth: expect.any(String) } });
    const demo = await actAs('comune-demo', await staffSession(db(), PAOLO), () =>
      issueEnteInboundCredential({ auth: 'basic', principal: 'abcdef' }),
    );
    expect(demo).toMatchObject({ ok: false, error: expect.stringContaining('sandbox') });
    const other = (await findActiveEnteBySlug(db(), 'comune-demo'))!;
    const actor = { userId: (await sara()).userId!, address: '203.0.113.45', via: 'ente' as const };
    await expect(
      issueConnectionCredential(db(), actor, { ...other, partner: 'nordcom_tim' }, { auth: 'basic', principal: 'abcdef' }),
    ).rejects.toThrow(/prima il collegamento/);
  });
});

describe('«Verifica collegamento»', () => {
  const actorFor = async (): Promise<ConnectionActor> => ({ userId: (await sara()).userId!, address: '203.0.113.45', via: 'ente' });
  const fakePartner = (extra: Partial<PaymentPartner>): PaymentPartner => ({
    code: 'nordcom_tim',
    capabilities: new Set(),
    registerPosition: async () => undefined,
    startCheckout: async () => ({ redirectUrl: 'https://x', sessionId: 'x' }) as never,
    fetchNoticeStatus: async () => ({ state: 'unknown' }) as never,
    ...extra,
  });
  let clock = new Date('2026-11-27T10:00:00Z');
  const now = () => clock;
  const nextMinute = () => {
    clock = new Date(clock.getTime() + 120_000);
  };

  it('stores one line per operation, with personal data masked', async () => {
    const ente = await valmora();
    const resolver: PartnerResolver = async (e) => {
      expect(e.id).toBe(ente.id);
      return fakePartner({
        testConnection: async (ctx) => [
          { operation: 'GET /organizations/{org}/debtpositions', ok: true, detail: `200 per ${ctx.creditorFiscalCode}` },
          { operation: 'GET /receipts', ok: false, detail: 'HTTP 403 per RSSMRA80A01B157Y, mario@example.it' },
        ],
      });
    };
    const checks = await testPartnerConnection(db(), await actorFor(), ente, resolver, now);
    expect(checks).toEqual([
      { operation: 'GET /organizations/{org}/debtpositions', ok: true, detail: '200 per [numero]' },
      { operation: 'GET /receipts', ok: false, detail: 'HTTP 403 per [codice fiscale], [e-mail]' },
    ]);
    const [row] = await db().select().from(partnerConnections).where(eq(partnerConnections.enteId, ente.id));
    expect(row!.lastTestAt).toEqual(clock);
    expect(row!.lastTestResult).toEqual(checks);
    const html = ((await actAs('valmora', await sara(), () => renderPage(entePage('valmora')))) as { html: string }).html;
    expect(html).toContain('Non riuscita');
    expect(html).toContain('HTTP 403 per [codice fiscale]');
    expect(html).not.toContain('RSSMRA80A01B157Y');
  });

  it('says when the adapter has no test, and reports a partner that cannot be resolved', async () => {
    const ente = await valmora();
    nextMinute();
    const none = await testPartnerConnection(db(), await actorFor(), ente, async () => fakePartner({}), now);
    expect(none).toEqual([{ operation: 'verifica', ok: false, detail: expect.stringContaining('non offre') }]);
    const broken = await testPartnerConnection(
      db(),
      await actorFor(),
      ente,
      async () => {
        throw new Error('Nessun adattatore per il protocollo gpd_checkout (ente 00812300176)');
      },
      now,
    );
    expect(broken).toEqual([
      { operation: 'collegamento', ok: false, detail: 'Error: Nessun adattatore per il protocollo gpd_checkout (ente [numero])' },
    ]);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, 'collegamento_partner_verificato')));
    expect(audits.length).toBeGreaterThanOrEqual(3);
  });

  it('is rate-limited per Ente', async () => {
    const ente = await valmora();
    nextMinute();
    const resolver: PartnerResolver = async () =>
      fakePartner({ testConnection: async () => [{ operation: 'ping', ok: true, detail: '' }] });
    for (let i = 0; i < CONNECTION_TEST_LIMIT.limit; i++) await testPartnerConnection(db(), await actorFor(), ente, resolver, now);
    await expect(testPartnerConnection(db(), await actorFor(), ente, resolver, now)).rejects.toThrow(/Troppe verifiche/);
  });

  it('through the actions: refused to operators and to the CIT operator', async () => {
    const ente = await valmora();
    expect(await actAs('valmora', await staffSession(db(), STEFANO), () => testEnteConnection({}))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
    expect(await actAsOnProvincia(await citOperator(), () => testCitConnection({ enteId: ente.id }))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
  });
});

describe('the idTipoPendenza of each service', () => {
  it('is saved for the Ente’s own services only, validated and audited', async () => {
    const ente = await valmora();
    const own = await db().select({ id: services.id, code: services.code }).from(services).where(eq(services.enteId, ente.id));
    const demo = (await findActiveEnteBySlug(db(), 'comune-demo'))!;
    const [foreign] = await db().select({ id: services.id }).from(services).where(eq(services.enteId, demo.id)).limit(1);
    const session = await sara();
    const done = await actAs('valmora', session, () => saveEnteServiceCodes({ codes: [{ serviceId: own[0]!.id, code: 'MENSA.2026' }] }));
    expect(done).toEqual({ ok: true, data: { changed: 1 } });
    const [row] = await db().select().from(services).where(eq(services.id, own[0]!.id));
    expect(row!.partnerServiceCode).toBe('MENSA.2026');
    const stolen = await actAs('valmora', session, () => saveEnteServiceCodes({ codes: [{ serviceId: foreign!.id, code: 'X' }] }));
    expect(stolen).toEqual({ ok: false, error: 'Servizio non trovato.' });
    const bad = await actAs('valmora', session, () => saveEnteServiceCodes({ codes: [{ serviceId: own[0]!.id, code: 'con spazi' }] }));
    expect(bad).toMatchObject({ ok: false, fieldErrors: { 'codes.0.code': expect.any(String) } });
    const twice = await actAs('valmora', session, () =>
      saveEnteServiceCodes({
        codes: [
          { serviceId: own[0]!.id, code: 'A' },
          { serviceId: own[0]!.id, code: 'B' },
        ],
      }),
    );
    expect(twice).toMatchObject({ ok: false, error: expect.stringContaining('più volte') });
    const cleared = await actAs('valmora', session, () => saveEnteServiceCodes({ codes: [{ serviceId: own[0]!.id, code: '' }] }));
    expect(cleared).toEqual({ ok: true, data: { changed: 1 } });
    expect(await auditText(ente.id)).toContain('codici_servizio_partner_modificati');
    expect(await actAs('valmora', await staffSession(db(), STEFANO), () => saveEnteServiceCodes({ codes: [] }))).toEqual({
      ok: false,
      error: NOT_ALLOWED,
    });
  });
});

describe('the CIT’s side', () => {
  it('lets the CIT admin configure an Ente by id, audited as the CIT; the operator and other hosts are refused', async () => {
    const ente = await valmora();
    const operator = await actAsOnProvincia(await citOperator(), () => saveCitConnection({ enteId: ente.id, connection: GOVPAY }));
    expect(operator).toEqual({ ok: false, error: NOT_ALLOWED });
    const onEnteHost = await actAs('valmora', await citAdmin(), () => saveCitConnection({ enteId: ente.id, connection: GOVPAY }));
    expect(onEnteHost).toMatchObject({ ok: false });
    const unknown = await actAsOnProvincia(await citAdmin(), () =>
      saveCitConnection({ enteId: '00000000-0000-4000-8000-000000000000', connection: GOVPAY }),
    );
    expect(unknown).toEqual({ ok: false, error: 'Ente non trovato.' });
    const forged = await actAsOnProvincia(await citAdmin(), () => saveCitConnection({ enteId: "x' or 1=1 --", connection: GOVPAY }));
    expect(forged).toMatchObject({ ok: false, fieldErrors: { enteId: expect.any(String) } });

    const done = await actAsOnProvincia(await citAdmin(), () => saveCitConnection({ enteId: ente.id, connection: GOVPAY }));
    expect(done).toEqual({ ok: true, data: { saved: true } });
    expect((await loadConnection(db(), ente.id)).protocol).toBe('govpay');
    const [last] = await db()
      .select({ details: auditLog.details, actor: auditLog.actorUserId })
      .from(auditLog)
      .where(and(eq(auditLog.enteId, ente.id), eq(auditLog.action, 'collegamento_partner_modificato')))
      .orderBy(auditLog.id)
      .then((rows) => rows.slice(-1));
    expect(last!.details).toMatchObject({ tramite: 'cit' });
    expect(last!.actor).toBe((await citAdmin()).userId);

    const credential = await actAsOnProvincia(await citAdmin(), () =>
      issueCitInboundCredential({ enteId: ente.id, credential: { auth: 'basic', principal: 'govpay-valmora' } }),
    );
    expect(credential).toMatchObject({ ok: true, data: { secret: expect.any(String) } });
    const [service] = await db().select({ id: services.id }).from(services).where(eq(services.enteId, ente.id)).limit(1);
    expect(
      await actAsOnProvincia(await citOperator(), () =>
        saveCitServiceCodes({ enteId: ente.id, mapping: { codes: [{ serviceId: service!.id, code: 'TARI' }] } }),
      ),
    ).toEqual({ ok: false, error: NOT_ALLOWED });
    expect(
      await actAsOnProvincia(await citAdmin(), () =>
        saveCitServiceCodes({ enteId: ente.id, mapping: { codes: [{ serviceId: service!.id, code: 'TARI' }] } }),
      ),
    ).toEqual({ ok: true, data: { changed: 1 } });

    const adhesion = await actAsOnProvincia(await citAdmin(), () =>
      renderPage(() => CitAdhesionPage({ params: Promise.resolve({ id: ente.id }) })),
    );
    const html = (adhesion as { html: string }).html;
    expect(html).toContain('configurato');
    expect(html).toContain(`/cit/enti/${ente.id}/collegamento`);
    expect(html).not.toContain('collegamento da configurare');
  });

  it('the CIT page never shows stored secrets either', async () => {
    const ente = await valmora();
    const page = await actAsOnProvincia(await citAdmin(), () => renderPage(citPage(ente.id)));
    const html = (page as { html: string }).html;
    expect(html).not.toContain(PASSWORD);
    expect(html).toContain('Impostata il');
  });
});
