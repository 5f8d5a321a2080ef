import { desc, eq } from 'drizzle-orm';
import { enti, partnerInbox, positions, reportingFlows, type Ente } from '@/db/schema';
import { govpaySettingsSchema } from '@/lib/partners/connection-settings';
import { issueInboundCredential, saveConnection } from '@/lib/partners/connections';
import { basicAuth } from '@/lib/partners/http';
import { handleGovpayRendicontazioneRequest } from '@/lib/reconciliation/govpay-push';
import { enteBySlug } from '../support/payments';
import { paidWithTransfers } from '../support/reconciliation';
import { withTestDatabase } from '../support/test-db';

const { db } = withTestDatabase();

let valmora: Ente;
let demo: Ente;
let valmoraAuth: string;
let demoKey: { principal: string; secret: string };

const settings = govpaySettingsSchema.parse({
  pendenzeUrl: 'https://govpay.example.it/govpay/backend/api/pendenze/rs/basic/v2',
  ragioneriaUrl: 'https://govpay.example.it/govpay/backend/api/ragioneria/rs/basic/v3',
  idA2A: 'PORTALE',
  defaultTipoPendenza: 'LIBERO',
  outboundAuth: 'basic',
  username: 'portale',
  checkoutUrl: 'https://api.uat.platform.pagopa.it/checkout/ec',
});

beforeAll(async () => {
  valmora = await enteBySlug(db(), 'valmora');
  demo = await enteBySlug(db(), 'comune-demo');
  for (const ente of [valmora, demo]) {
    await db().update(enti).set({ partner: 'nordcom_tim' }).where(eq(enti.id, ente.id));
    await saveConnection(db(), ente.id, { protocol: 'govpay', settings });
  }
  const basic = await issueInboundCredential(db(), valmora.id, 'basic', 'govpay-valmora');
  valmoraAuth = basicAuth(basic.principal, basic.secret);
  demoKey = await issueInboundCredential(db(), demo.id, 'api_key', 'govpay-demo');
});

function body(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idDominio: valmora.fiscalCode,
    iuv: '01000000000000001',
    iur: 'IUR-R-1',
    indice: 1,
    importo: 45.01,
    esito: 'ESEGUITO',
    data: '2030-05-01',
    idFlusso: '2030-05-02BPPIITRRXXX-0001',
    dataFlusso: '2030-05-02T09:00:00.000+02:00',
    trn: 'TRN-ROUTE-1',
    dataRegolamento: '2030-05-03',
    idPsp: 'BPPIITRRXXX',
    ...over,
  };
}

async function post(payload: unknown, headers: Record<string, string> = { authorization: valmoraAuth }): Promise<Response> {
  const raw = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload);
  const request = new Request('http://localhost:3000/api/partners/govpay/rendicontazioni', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7', ...headers },
    body: typeof raw === 'string' ? raw : new Uint8Array(raw),
  });
  return handleGovpayRendicontazioneRequest(request, async () => db());
}

async function lastInbox() {
  const [row] = await db().select().from(partnerInbox).orderBy(desc(partnerInbox.id)).limit(1);
  return row!;
}

describe('POST /api/partners/govpay/rendicontazioni', () => {
  it('acquires a payment (201), then answers 200 to its repetition; the body is kept whole in the inbox', async () => {
    const { position } = await paidWithTransfers(db(), valmora, [4501], 'REC-ROUTE-1');
    const payload = body({ iuv: position.iuv });
    const first = await post(payload);
    expect(first.status).toBe(201);
    expect(await first.json()).toMatchObject({ esito: 'OK' });
    expect(await lastInbox()).toMatchObject({ partner: 'nordcom_tim', enteId: valmora.id, verified: true, outcome: 'receipt_created' });
    expect((await lastInbox()).rawBody.toString('utf8')).toBe(JSON.stringify(payload));
    const again = await post(payload);
    expect(again.status).toBe(200);
    expect(await lastInbox()).toMatchObject({ outcome: 'duplicate' });
    const [row] = await db().select({ at: positions.reportedAt }).from(positions).where(eq(positions.id, position.id));
    expect(row!.at).toBeInstanceOf(Date);
  });

  it('acquires a payment sent several times at once exactly once', async () => {
    const payload = body({ iuv: '01000000000000077', iur: 'IUR-R-CONC', idFlusso: '2030-05-02BPPIITRRXXX-0009' });
    const statuses = (await Promise.all([1, 2, 3].map(() => post(payload)))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 201]);
    const [flow] = await db().select().from(reportingFlows).where(eq(reportingFlows.flowId, '2030-05-02BPPIITRRXXX-0009'));
    expect(flow).toMatchObject({ totPayments: 1, sumCents: 4501 });
  });

  it('acquires a payment that matches no receipt as an anomaly', async () => {
    expect((await post(body({ iuv: '01999999999999999', iur: 'IUR-R-2' }))).status).toBe(201);
    expect(await lastInbox()).toMatchObject({ verified: true, outcome: 'anomaly' });
  });

  it('accepts the API-key headers of the Ente they were issued to', async () => {
    const response = await post(body({ idDominio: demo.fiscalCode, iur: 'IUR-R-3' }), {
      'x-app-id': demoKey.principal,
      'x-api-key': demoKey.secret,
    });
    expect(response.status).toBe(201);
  });

  it('answers 401 to a missing or wrong credential, and to another Ente’s, keeping only an unverified prefix', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: basicAuth('govpay-valmora', 'sbagliata') },
      { authorization: 'Bearer qualcosa' },
      { 'x-app-id': demoKey.principal, 'x-api-key': demoKey.secret },
    ]) {
      const response = await post(body({ iur: 'IUR-R-401' }), headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await lastInbox()).toMatchObject({ enteId: valmora.id, verified: false, outcome: 'rejected' });
    // An unknown Ente answers the same.
    expect((await post(body({ idDominio: '00000000000' }))).status).toBe(401);
  });

  it('answers 400 to what is not a valid rendicontazione, after authentication', async () => {
    expect((await post('{non json')).status).toBe(400);
    expect((await post(Buffer.from([0xff, 0xfe, 0x00]))).status).toBe(400);
    expect((await post({ idDominio: ['01234567890'] })).status).toBe(400);
    for (const bad of [
      body({ importo: '45.01' }),
      body({ importo: 1.005 }),
      body({ iuv: ['01000000000000001'] }),
      body({ iuv: 'abc\u0000def' }),
      body({ esito: 'FORSE' }),
      body({ indice: 6 }),
      body({ dataRegolamento: '03/05/2030' }),
      body({ idFlusso: 'x'.repeat(36) }),
    ]) {
      const response = await post(bad);
      expect([response.status, JSON.stringify(bad).slice(0, 80)]).toEqual([400, JSON.stringify(bad).slice(0, 80)]);
      expect(await lastInbox()).toMatchObject({ verified: true, outcome: 'rejected' });
    }
  });

  it('answers 413 to a huge body without reading it all', async () => {
    const response = await post(JSON.stringify(body({ padding: 'x'.repeat(2 * 1024 * 1024) })));
    expect(response.status).toBe(413);
  });

  it('answers 503 when the database is down, so that GovPay retries', async () => {
    const request = new Request('http://localhost:3000/api/partners/govpay/rendicontazioni', {
      method: 'POST',
      headers: { authorization: valmoraAuth },
      body: JSON.stringify(body()),
    });
    const response = await handleGovpayRendicontazioneRequest(request, async () => {
      throw new Error('connessione rifiutata');
    });
    expect(response.status).toBe(503);
  });
});
