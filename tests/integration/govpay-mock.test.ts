import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGovpayMock, type GovpayMock } from '../mocks/govpay';

/* The mock itself behaves like GovPay where the adapter's tests rely on it (reference partners.md §1). */

let mock: GovpayMock;
const auth = { authorization: `Basic ${Buffer.from('portale:segreto').toString('base64')}` };
const voce = {
  idVocePendenza: '1',
  importo: 10,
  descrizione: 'x',
  ibanAccredito: 'IT60X0542811101000000123456',
  tipoContabilita: 'ALTRO',
  codiceContabilita: '0101101IM/',
};
const pendenza = {
  idTipoPendenza: 'DOVUTO',
  idDominio: '00754120178',
  causale: 'Prova',
  soggettoPagatore: { tipo: 'F', identificativo: 'RSSMRA80A01H501U' },
  importo: 10,
  numeroAvviso: '301000000000000012',
  voci: [voce],
};

function put(id: string, body: unknown, headers: Record<string, string> = auth) {
  return fetch(`${mock.pendenzeUrl}/pendenze/PORTALE/${id}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  mock = await startGovpayMock();
});

afterAll(async () => {
  await mock.close();
});

describe('GovPay mock', () => {
  it('creates (201) then updates (200) a pendenza', async () => {
    expect((await put('P1', pendenza)).status).toBe(201);
    const updated = await put('P1', pendenza);
    expect(updated.status).toBe(200);
    expect(await updated.json()).toEqual({ idDominio: '00754120178', numeroAvviso: '301000000000000012' });
  });

  it.each([
    ['an idPendenza over 35 characters', 'X'.repeat(36), pendenza],
    ['a causale over 140 characters', 'P2', { ...pendenza, causale: 'c'.repeat(141) }],
    ['six voci', 'P3', { ...pendenza, importo: 60, voci: Array(6).fill(voce) }],
    ['no voci', 'P4', { ...pendenza, voci: [] }],
    [
      'a voce with both IBAN and bollo',
      'P5',
      { ...pendenza, voci: [{ ...voce, tipoBollo: '01', hashDocumento: 'h', provinciaResidenza: 'BS' }] },
    ],
  ])('answers 400 to %s', async (_label, id, body) => {
    const response = await put(id, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ categoria: 'RICHIESTA', codice: 'SINTASSI' });
  });

  it('answers 422 VER_002 when importo is not the sum of the voci', async () => {
    const response = await put('P6', { ...pendenza, numeroAvviso: '301000000000000013', importo: 10.01 });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ codice: 'VER_002' });
  });

  it('answers 401 to a wrong password, 404 to an unknown pendenza, 422 VER_003 to updating a paid one', async () => {
    expect((await put('P7', pendenza, { authorization: `Basic ${Buffer.from('portale:no').toString('base64')}` })).status).toBe(401);
    expect((await fetch(`${mock.pendenzeUrl}/pendenze/PORTALE/NESSUNA`, { headers: auth })).status).toBe(404);
    mock.pay('301000000000000012');
    const response = await put('P1', pendenza);
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ codice: 'VER_003' });
  });

  it('answers a switched failure and slow answers', async () => {
    mock.failNext(502);
    const failed = await fetch(`${mock.pendenzeUrl}/pendenze/PORTALE/P1`, { headers: auth });
    expect([failed.status, (await failed.json()).categoria]).toEqual([502, 'PAGOPA']);
    mock.delayMs = 200;
    const started = Date.now();
    expect((await fetch(`${mock.pendenzeUrl}/pendenze/PORTALE/P1`, { headers: auth })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    mock.delayMs = 0;
  });

  it('posts a rendicontazione like GovPay’s connector, with the API key headers', async () => {
    const received: { url?: string; headers?: Record<string, unknown>; body?: string } = {};
    const ec = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        Object.assign(received, { url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(201).end();
      });
    });
    await new Promise<void>((resolve) => ec.listen(0, '127.0.0.1', resolve));
    try {
      const flow = {
        idDominio: '00754120178',
        iuv: '01000000000000012',
        iur: '3354426511008',
        indice: 1,
        importo: 10,
        esito: 'ESEGUITO' as const,
        data: '2026-07-06',
        idFlusso: '2026-07-07BCITITMM-0001',
        dataFlusso: '2026-07-07T10:00:00',
        trn: 'TRN-1',
        dataRegolamento: '2026-07-08',
        idPsp: 'BCITITMM',
        revisione: 1,
      };
      const answer = await mock.pushRendicontazione(
        `http://127.0.0.1:${(ec.address() as AddressInfo).port}/api/partners/govpay/`,
        { appId: 'gp', apiKey: 'k' },
        flow,
      );
      expect(answer.status).toBe(201);
      expect(received.url).toBe('/api/partners/govpay/rendicontazioni');
      expect(received.headers).toMatchObject({ 'x-app-id': 'gp', 'x-api-key': 'k' });
      expect(JSON.parse(received.body!)).toEqual(flow);
    } finally {
      await new Promise((resolve) => ec.close(resolve));
    }
  });
});
