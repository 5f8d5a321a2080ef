import { and, eq } from 'drizzle-orm';
import { enti, jobs, positions, reportingFlows, reportingPayments, type Ente } from '@/db/schema';
import { runDueJobs } from '@/lib/jobs/queue';
import { gpdSettingsSchema } from '@/lib/partners/connection-settings';
import { saveConnection } from '@/lib/partners/connections';
import { fetchFdrFlow, listFdrFlows, type FdrEndpoint } from '@/lib/partners/pagopa/fdr';
import { partnerContext } from '@/lib/partners/registry';
import { PartnerRejectedError, PartnerUnavailableError } from '@/lib/partners/types';
import { FDR_QUEUE, fdrPullJobHandler, pullFdrFlows, scheduleFdrPulls } from '@/lib/reconciliation/fdr-job';
import { startFdrMock, type FdrMock, type MockFdrFlow } from '../mocks/fdr';
import { enteBySlug } from '../support/payments';
import { paidWithTransfers } from '../support/reconciliation';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

const KEY = 'chiave-fdr-di-prova';
let mock: FdrMock;
let demo: Ente;
let endpoint: FdrEndpoint;

function mockFlow(n: number, over: Partial<MockFdrFlow> = {}): MockFdrFlow {
  return {
    organizationId: demo.fiscalCode,
    fdr: `2030-06-0${n}88888888888-000${n}`,
    pspId: '88888888888',
    pspName: 'Banca di Prova',
    revision: 1,
    published: `2030-06-0${n}T10:00:00Z`,
    fdrDate: `2030-06-0${n}T08:00:00Z`,
    regulation: `SCT-TRN-${n}`,
    regulationDate: `2030-06-0${n}`,
    payments: [],
    ...over,
  };
}

beforeAll(async () => {
  mock = await startFdrMock({ subscriptionKey: KEY, maxPageSize: 2 });
  demo = await enteBySlug(db(), 'comune-demo');
  endpoint = { fdrUrl: mock.url, subscriptionKey: KEY };
  await db().update(enti).set({ partner: 'dedagroup' }).where(eq(enti.id, demo.id));
  const settings = gpdSettingsSchema.parse({
    gpdUrl: 'https://api.uat.platform.pagopa.it/gpd/debt-positions-service/v1',
    receiptsUrl: 'https://api.uat.platform.pagopa.it/gpd/payments-receipts-service/v1',
    fdrUrl: mock.url,
    checkoutUrl: 'https://api.uat.platform.pagopa.it/checkout/ec',
  });
  await saveConnection(db(), demo.id, { protocol: 'gpd_checkout', settings }, { secrets: { fdrKey: KEY } });
});

afterAll(async () => {
  await mock?.close();
});

beforeEach(() => {
  mock.state.flows = [];
  mock.state.failNext = 0;
  mock.state.delayMs = 0;
  mock.state.requests = [];
  mock.state.withdrawn = [];
});

describe('the FdR 3 client', () => {
  it('lists every page of published flows, after publishedGt', async () => {
    mock.state.flows = [1, 2, 3, 4, 5].map((n) => mockFlow(n));
    const all = await listFdrFlows(endpoint, partnerContext(demo), null);
    expect(all.map((r) => r.flowId)).toEqual(mock.state.flows.map((f) => f.fdr));
    expect(mock.state.requests.filter((r) => r.includes('/fdrs?'))).toHaveLength(3);
    const later = await listFdrFlows(endpoint, partnerContext(demo), new Date('2030-06-03T12:00:00Z'));
    expect(later.map((r) => r.flowId)).toEqual([mockFlow(4).fdr, mockFlow(5).fdr]);
    expect(mock.state.requests.at(-1)).toContain('publishedGt=2030-06-03T12%3A00%3A00.000Z');
  });

  it('fetches a flow with every page of payments, euro to cents exactly, pay dates as Italian days', async () => {
    mock.state.flows = [
      mockFlow(1, {
        bicCodePouringBank: 'BCITITMM',
        payments: [
          {
            index: 1,
            iuv: '01000000000000011',
            iur: 'IUR1',
            idTransfer: 1,
            pay: 45.01,
            payStatus: 'EXECUTED',
            payDate: '2030-06-01T12:30:50Z',
          },
          {
            index: 2,
            iuv: '01000000000000012',
            iur: 'IUR2',
            idTransfer: 2,
            pay: 0.29,
            payStatus: 'STAND_IN',
            payDate: '2030-05-31T23:30:00Z',
          },
          {
            index: 3,
            iuv: '01000000000000013',
            iur: 'IUR3',
            idTransfer: 1,
            pay: 19.99,
            payStatus: 'REVOKED',
            payDate: '2030-06-01T08:00:00Z',
          },
        ],
      }),
    ];
    const ref = (await listFdrFlows(endpoint, partnerContext(demo), null))[0]!;
    const flow = await fetchFdrFlow(endpoint, partnerContext(demo), ref);
    expect(flow).toMatchObject({
      flowId: mockFlow(1).fdr,
      pspId: '88888888888',
      pspName: 'Banca di Prova',
      regulation: 'SCT-TRN-1',
      regulationDate: '2030-06-01',
      bicCodePouringBank: 'BCITITMM',
      totPayments: 3,
      sumCents: 4501 + 29 + 1999,
    });
    expect(flow.payments.map((p) => [p.amountCents, p.outcome, p.payDate])).toEqual([
      [4501, 'EXECUTED', '2030-06-01'],
      [29, 'STAND_IN', '2030-06-01'],
      [1999, 'REVOKED', '2030-06-01'],
    ]);
    expect(mock.state.requests.filter((r) => r.includes('/payments?'))).toHaveLength(2);
  });

  it('says 401, 404 are final and 500, slow answers are transient', async () => {
    await expect(listFdrFlows({ ...endpoint, subscriptionKey: 'sbagliata' }, partnerContext(demo))).rejects.toMatchObject({
      name: 'PartnerRejectedError',
      status: 401,
    });
    const missing = fetchFdrFlow(endpoint, partnerContext(demo), { flowId: 'NONE', pspId: 'X', revision: 1, flowDate: '2030-01-01' });
    await expect(missing).rejects.toBeInstanceOf(PartnerRejectedError);
    await expect(missing).rejects.toMatchObject({ status: 404, code: 'FDR-0701' });
    mock.state.failNext = 1;
    await expect(listFdrFlows(endpoint, partnerContext(demo))).rejects.toBeInstanceOf(PartnerUnavailableError);
    mock.state.delayMs = 1000;
    const previous = process.env.PARTNER_HTTP_TIMEOUT_MS;
    process.env.PARTNER_HTTP_TIMEOUT_MS = '200';
    try {
      await expect(listFdrFlows(endpoint, partnerContext(demo))).rejects.toBeInstanceOf(PartnerUnavailableError);
    } finally {
      if (previous === undefined) delete process.env.PARTNER_HTTP_TIMEOUT_MS;
      else process.env.PARTNER_HTTP_TIMEOUT_MS = previous;
    }
  });
});

describe('the scheduled pull', () => {
  it('enqueues one job per Ente with an FdR URL, retries after a 500, imports, matches and skips what it has', async () => {
    const paid = await paidWithTransfers(db(), demo, [4501], 'REC-FDR-1');
    mock.state.flows = [
      mockFlow(1, {
        payments: [
          {
            index: 1,
            iuv: paid.position.iuv,
            iur: 'IURX',
            idTransfer: 1,
            pay: 45.01,
            payStatus: 'EXECUTED',
            payDate: '2030-06-01T10:00:00Z',
          },
        ],
      }),
      mockFlow(2, {
        revision: 2,
        payments: [
          {
            index: 1,
            iuv: '01999999999999999',
            iur: 'IURY',
            idTransfer: 1,
            pay: 3,
            payStatus: 'EXECUTED',
            payDate: '2030-06-02T10:00:00Z',
          },
        ],
      }),
      mockFlow(2, { revision: 1, published: '2030-06-02T09:00:00Z' }),
      // Another Ente's flow is never listed for this one.
      mockFlow(3, { organizationId: '99999999999' }),
    ];
    expect(await scheduleFdrPulls(db())).toBe(1);
    expect(await scheduleFdrPulls(db())).toBe(0);

    mock.state.failNext = 1;
    const handlers = { [FDR_QUEUE]: fdrPullJobHandler };
    expect(await runDueJobs(db(), handlers)).toBe(1);
    const [failed] = await db().select().from(jobs).where(eq(jobs.queue, FDR_QUEUE));
    expect(failed).toMatchObject({ attempts: 1, doneAt: null, lastError: expect.stringContaining('HTTP 500') });
    expect(failed!.runAt.getTime()).toBeGreaterThan(Date.now());

    await db()
      .update(jobs)
      .set({ runAt: new Date(Date.now() - 1000) })
      .where(eq(jobs.id, failed!.id));
    expect(await runDueJobs(db(), handlers)).toBe(1);
    const [done] = await db().select().from(jobs).where(eq(jobs.id, failed!.id));
    expect(done!.doneAt).toBeInstanceOf(Date);

    // The mock's PSP only: the demo seed has a flow of its own for this Ente (db/seed/reporting.ts).
    const flows = await db()
      .select()
      .from(reportingFlows)
      .where(and(eq(reportingFlows.enteId, demo.id), eq(reportingFlows.pspId, '88888888888')))
      .orderBy(reportingFlows.flowId, reportingFlows.revision);
    expect(flows.map((f) => [f.flowId, f.revision, f.source, f.supersededAt !== null])).toEqual([
      [mockFlow(1).fdr, 1, 'fdr', false],
      [mockFlow(2).fdr, 1, 'fdr', true],
      [mockFlow(2).fdr, 2, 'fdr', false],
    ]);
    const [matched] = await db()
      .select()
      .from(reportingPayments)
      .where(and(eq(reportingPayments.enteId, demo.id), eq(reportingPayments.iuv, paid.position.iuv)));
    expect(matched).toMatchObject({ amountCents: 4501, positionId: paid.position.id, matchedAt: expect.any(Date) });
    const [position] = await db().select().from(positions).where(eq(positions.id, paid.position.id));
    expect(position!.reportedAt).toBeInstanceOf(Date);

    // Next pull: the same flows are listed again (look-back) but not fetched again.
    mock.state.requests = [];
    expect(await pullFdrFlows(db(), demo.id)).toEqual({ listed: 3, imported: 0, skipped: 3 });
    expect(mock.state.requests.every((r) => r.includes('/fdrs?'))).toBe(true);
    expect(mock.state.requests[0]).toContain('publishedGt=2030-05-30T08');
  });

  it('skips a flow FdR no longer has, and imports the rest', async () => {
    mock.state.flows = [mockFlow(7), mockFlow(8)];
    mock.state.withdrawn = [mockFlow(7).fdr];
    expect(await pullFdrFlows(db(), demo.id)).toMatchObject({ imported: 1, skipped: 1 });
    expect(
      await db()
        .select()
        .from(reportingFlows)
        .where(eq(reportingFlows.flowId, mockFlow(7).fdr)),
    ).toHaveLength(0);
  });
});
