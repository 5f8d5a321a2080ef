import { randomInt, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { listenOnLoopback, romeNow } from './http-mock';

/*
 * A mock GovPay 3.x for contract tests and the browser runs: API Pendenze v2 and API Ragioneria v3 with
 * pendenze and ricevute in memory, written from our description of the spec (reference partners.md §1),
 * not from GovPay's code. It also plays GovPay's side of the API Ente: `pushReceipt` and
 * `pushRendicontazione` call the portal like GovPay's connector. No test framework imports: the e2e
 * runner starts it too. Errors are GovPay FaultBeans {categoria, codice, descrizione}.
 */

export const GOVPAY_PENDENZE_PATH = '/govpay/backend/api/pendenze/rs/basic/v2';
export const GOVPAY_RAGIONERIA_PATH = '/govpay/backend/api/ragioneria/rs/basic/v3';

export interface GovpayMockOptions {
  idA2A?: string;
  username?: string;
  password?: string;
  /** «Generazione IUV interna» off: GovPay ignores the numeroAvviso it is sent and assigns its own. */
  assignsNoticeNumbers?: boolean;
  /** The domini the application may act on (403 for others); every dominio when absent. */
  domini?: string[];
  /** ragioneSociale per idDominio, for receipts. */
  companyNames?: Record<string, string>;
  /**
   * GovPay's `ssl` authentication: the mock serves HTTPS and accepts only a client certificate issued by
   * `ca` whose subject CN is `clientCommonName` (HTTP Basic is then not accepted).
   */
  tls?: { key: string; cert: string; ca: string; clientCommonName: string };
}

export interface MockPendenza {
  idA2A: string;
  idPendenza: string;
  /** The NuovaPendenza as last received. */
  body: Record<string, unknown>;
  idDominio: string;
  numeroAvviso: string;
  stato: 'NON_ESEGUITA' | 'ESEGUITA' | 'ANNULLATA' | 'SCADUTA';
  descrizioneStato?: string;
  /** How many PUTs created or updated it. */
  writes: number;
}

/** A Ricevuta as GovPay's API Ragioneria and API Ente carry it (rt.xml in base64). */
export interface MockRicevuta {
  dominio: { idDominio: string; ragioneSociale: string };
  iuv: string;
  idRicevuta: string;
  importo: number;
  esito: 'ESEGUITO';
  istitutoAttestante: { idPSP: string; denominazione: string; idCanale: string };
  pendenza: { idA2A: string; idPendenza: string; numeroAvviso: string; causale: string };
  data: string;
  dataPagamento: string;
  rt: { tipo: 'ctReceiptV2'; xml: string };
  modello: 'Pagamento ad iniziativa Ente';
}

export type PushCredentials = { username: string; password: string } | { appId: string; apiKey: string };

export interface PayOptions {
  receiptId?: string;
  /** Italian local time without offset, as real receipts carry it. */
  paymentDateTime?: string;
  feeCents?: number;
  idPSP?: string;
  pspName?: string;
  pspFiscalCode?: string;
}

export interface GovpayMock {
  url: string;
  pendenzeUrl: string;
  ragioneriaUrl: string;
  pendenze: Map<string, MockPendenza>;
  ricevute: MockRicevuta[];
  requests: { method: string; path: string; headers: IncomingMessage['headers']; body: string }[];
  /** Every answer waits this long first (slow answers, timeouts). */
  delayMs: number;
  /** The next `times` requests answer `status` with a FaultBean instead of being served. */
  failNext(status: number, times?: number): void;
  /** The citizen pays: the pendenza becomes ESEGUITA and a ctReceiptV2 is stored as a Ragioneria ricevuta. */
  pay(numeroAvviso: string, options?: PayOptions): MockRicevuta;
  /** PUTs a ricevuta to `{ecBaseUrl}/ricevute/{idDominio}/{iuv}/{idRicevuta}` like GovPay's connector. */
  pushReceipt(ecBaseUrl: string, credentials: PushCredentials, ricevuta?: MockRicevuta): Promise<{ status: number; body: string }>;
  /** POSTs one reconciled payment to `{ecBaseUrl}/rendicontazioni` like GovPay's connector. */
  pushRendicontazione(ecBaseUrl: string, credentials: PushCredentials, body: Rendicontazione): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export interface Rendicontazione {
  idDominio: string;
  iuv: string;
  iur: string;
  indice: number;
  importo: number;
  esito: 'ESEGUITO' | 'REVOCATO' | 'ESEGUITO_STANDIN' | 'ESEGUITO_STANDIN_SENZA_RPT' | 'ESEGUITO_SENZA_RPT';
  data: string;
  idFlusso: string;
  dataFlusso: string;
  trn: string;
  dataRegolamento: string;
  idPsp: string;
  revisione?: number;
}

type Fault = { status: number; categoria: string; codice: string; descrizione: string };

const ID = /^[a-zA-Z0-9\-_]{1,35}$/;
const CODIFICA: Record<string, string> = { CAPITOLO: '0', SPECIALE: '1', SIOPE: '2', ALTRO: '9' };

const cents = (euro: number) => Math.round(euro * 100);
const euroText = (c: number) => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;
const xmlText = (value: unknown) =>
  String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');

function fault(status: number, codice?: string, descrizione?: string): Fault {
  const categoria =
    status === 401 || status === 403
      ? 'AUTORIZZAZIONE'
      : status === 502
        ? 'PAGOPA'
        : status >= 500
          ? 'INTERNO'
          : status === 422
            ? 'OPERAZIONE'
            : 'RICHIESTA';
  return {
    status,
    categoria,
    codice: codice ?? (status >= 500 && status !== 502 ? 'INTERNO' : categoria),
    descrizione: descrizione ?? `Errore ${status}`,
  };
}

/** What GovPay checks of a NuovaPendenza (partners.md §1.2): the first problem, or null. */
function invalidPendenza(body: Record<string, unknown>): string | null {
  const str = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max;
  if (!str(body.idTipoPendenza, 35) || !/^[a-zA-Z0-9\-_.]+$/.test(String(body.idTipoPendenza))) return 'idTipoPendenza';
  if (typeof body.idDominio !== 'string' || !/^[0-9]{11}$/.test(body.idDominio)) return 'idDominio';
  if (!str(body.causale, 140)) return 'causale';
  if (typeof body.importo !== 'number' || body.importo <= 0) return 'importo';
  if (body.numeroAvviso !== undefined && !/^[0-9]{18}$/.test(String(body.numeroAvviso))) return 'numeroAvviso';
  const s = body.soggettoPagatore as Record<string, unknown> | undefined;
  if (!s || (s.tipo !== 'F' && s.tipo !== 'G') || !str(s.identificativo, 16)) return 'soggettoPagatore';
  if (s.anagrafica !== undefined && !str(s.anagrafica, 70)) return 'soggettoPagatore.anagrafica';
  for (const date of ['dataScadenza', 'dataValidita'])
    if (body[date] !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(String(body[date]))) return date;
  const voci = body.voci;
  if (!Array.isArray(voci) || voci.length < 1 || voci.length > 5) return 'voci';
  for (const v of voci as Record<string, unknown>[]) {
    if (!str(v.idVocePendenza, 35) || typeof v.importo !== 'number' || !str(v.descrizione, 140)) return 'voci.voce';
    const iban = v.ibanAccredito !== undefined;
    const bollo = v.tipoBollo !== undefined;
    if (Number(iban) + Number(bollo) + Number(v.codEntrata !== undefined) !== 1) return 'voci.tipo';
    if (iban && (!str(v.ibanAccredito, 35) || !(String(v.tipoContabilita) in CODIFICA) || !str(v.codiceContabilita, 135)))
      return 'voci.contabilita';
    if (bollo && (v.tipoBollo !== '01' || !str(v.hashDocumento, 72) || !/^[A-Z]{2}$/.test(String(v.provinciaResidenza))))
      return 'voci.bollo';
    if (v.idDominio !== undefined && !/^[0-9]{11}$/.test(String(v.idDominio))) return 'voci.idDominio';
  }
  return null;
}

function receiptXml(p: MockPendenza, ragioneSociale: string, receiptId: string, options: PayOptions): string {
  const body = p.body as { causale: string; importo: number; soggettoPagatore: Record<string, string>; voci: Record<string, unknown>[] };
  const transfers = body.voci.map((v, i) => {
    const beneficiary = (v.idDominio as string | undefined) ?? p.idDominio;
    const account = v.tipoBollo
      ? `<MBDAttachment>${Buffer.from(`<marcaDaBollo hash="${xmlText(v.hashDocumento)}"/>`).toString('base64')}</MBDAttachment>`
      : `<IBAN>${xmlText(v.ibanAccredito)}</IBAN>`;
    const category = v.tipoBollo ? '9/0301116TS/' : `${CODIFICA[String(v.tipoContabilita)]}/${String(v.codiceContabilita)}`;
    return (
      `<transfer><idTransfer>${i + 1}</idTransfer><transferAmount>${euroText(cents(v.importo as number))}</transferAmount>` +
      `<fiscalCodePA>${beneficiary}</fiscalCodePA>${account}<remittanceInformation>${xmlText(v.descrizione)}</remittanceInformation>` +
      `<transferCategory>${xmlText(category)}</transferCategory></transfer>`
    );
  });
  const s = body.soggettoPagatore;
  const fee = options.feeCents === undefined ? '' : `<fee>${euroText(options.feeCents)}</fee>`;
  const pspFiscalCode = options.pspFiscalCode ? `<pspFiscalCode>${xmlText(options.pspFiscalCode)}</pspFiscalCode>` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<pafn:receipt xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">` +
    `<receiptId>${xmlText(receiptId)}</receiptId><noticeNumber>${p.numeroAvviso}</noticeNumber><fiscalCode>${p.idDominio}</fiscalCode>` +
    `<outcome>OK</outcome><creditorReferenceId>${p.numeroAvviso.slice(1)}</creditorReferenceId>` +
    `<paymentAmount>${euroText(cents(body.importo))}</paymentAmount><description>${xmlText(body.causale)}</description>` +
    `<companyName>${xmlText(ragioneSociale)}</companyName>` +
    `<debtor><uniqueIdentifier><entityUniqueIdentifierType>${s.tipo}</entityUniqueIdentifierType>` +
    `<entityUniqueIdentifierValue>${xmlText(s.identificativo)}</entityUniqueIdentifierValue></uniqueIdentifier>` +
    `<fullName>${xmlText(s.anagrafica ?? s.identificativo)}</fullName></debtor>` +
    `<transferList>${transfers.join('')}</transferList>` +
    `<idPSP>${xmlText(options.idPSP ?? 'BCITITMM')}</idPSP>${pspFiscalCode}<PSPCompanyName>${xmlText(options.pspName ?? 'Intesa Sanpaolo S.p.A.')}</PSPCompanyName>` +
    `<idChannel>${xmlText(options.idPSP ?? 'BCITITMM')}_01</idChannel><channelDescription>app</channelDescription>` +
    `<paymentMethod>creditCard</paymentMethod>${fee}` +
    `<paymentDateTime>${options.paymentDateTime ?? romeNow()}</paymentDateTime></pafn:receipt>`
  );
}

function pushHeaders(credentials: PushCredentials): Record<string, string> {
  return 'username' in credentials
    ? { authorization: `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}` }
    : { 'x-app-id': credentials.appId, 'x-api-key': credentials.apiKey };
}

async function send(url: string, method: string, credentials: PushCredentials, body: unknown) {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', ...pushHeaders(credentials) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text() };
}

export async function startGovpayMock(options: GovpayMockOptions = {}): Promise<GovpayMock> {
  const idA2A = options.idA2A ?? 'PORTALE';
  const expectedAuth = `Basic ${Buffer.from(`${options.username ?? 'portale'}:${options.password ?? 'segreto'}`).toString('base64')}`;
  const pendenze = new Map<string, MockPendenza>();
  const ricevute: MockRicevuta[] = [];
  const requests: GovpayMock['requests'] = [];
  const failures: number[] = [];

  const byAvviso = (idDominio: string, numeroAvviso: string) =>
    [...pendenze.values()].find((p) => p.idDominio === idDominio && p.numeroAvviso === numeroAvviso);
  const allowed = (idDominio: string) => !options.domini || options.domini.includes(idDominio);
  const view = (p: MockPendenza) => ({
    idA2A: p.idA2A,
    idPendenza: p.idPendenza,
    idTipoPendenza: p.body.idTipoPendenza,
    dominio: { idDominio: p.idDominio, ragioneSociale: options.companyNames?.[p.idDominio] ?? 'Ente creditore' },
    numeroAvviso: p.numeroAvviso,
    iuvAvviso: p.numeroAvviso.slice(1),
    stato: p.stato,
    descrizioneStato: p.descrizioneStato,
    importo: p.body.importo,
    causale: p.body.causale,
    soggettoPagatore: p.body.soggettoPagatore,
    dataScadenza: p.body.dataScadenza,
    dataValidita: p.body.dataValidita,
    voci: p.body.voci,
  });

  function authenticated(request: IncomingMessage): boolean {
    if (!options.tls) return request.headers.authorization === expectedAuth;
    const socket = request.socket as TLSSocket;
    return socket.authorized && socket.getPeerCertificate().subject?.CN === options.tls.clientCommonName;
  }

  function route(method: string, url: URL, headers: IncomingMessage['headers'], raw: string): { status: number; body?: unknown } | Fault {
    const path = url.pathname;
    let m: RegExpExecArray | null;
    if (path.startsWith(GOVPAY_PENDENZE_PATH)) {
      const rest = path.slice(GOVPAY_PENDENZE_PATH.length);
      if (method === 'GET' && rest === '/pendenze') {
        const dominio = url.searchParams.get('idDominio');
        if (dominio && !allowed(dominio)) return fault(403, 'AUTORIZZAZIONE', 'Dominio non autorizzato');
        const found = [...pendenze.values()].filter((p) => !dominio || p.idDominio === dominio);
        const size = Number(url.searchParams.get('risultatiPerPagina') ?? 25);
        return {
          status: 200,
          body: {
            numRisultati: found.length,
            numPagine: 1,
            risultatiPerPagina: size,
            pagina: 1,
            risultati: found.slice(0, size).map(view),
          },
        };
      }
      if ((m = /^\/pendenze\/byAvviso\/([^/]+)\/([^/]+)$/.exec(rest)) && method === 'GET') {
        const [idDominio, numeroAvviso] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
        if (!allowed(idDominio)) return fault(403, 'AUTORIZZAZIONE', 'Dominio non autorizzato');
        const p = byAvviso(idDominio, numeroAvviso);
        return p ? { status: 200, body: view(p) } : fault(404, 'NOT_FOUND', 'Pendenza inesistente');
      }
      if ((m = /^\/pendenze\/([^/]+)\/([^/]+)$/.exec(rest))) {
        const [a2a, idPendenza] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
        if (!ID.test(idPendenza) || !ID.test(a2a)) return fault(400, 'SINTASSI', 'idA2A o idPendenza non validi');
        if (a2a !== idA2A) return fault(403, 'AUTORIZZAZIONE', 'Applicazione non autorizzata');
        const key = `${a2a}/${idPendenza}`;
        const current = pendenze.get(key);
        if (method === 'GET') return current ? { status: 200, body: view(current) } : fault(404, 'NOT_FOUND', 'Pendenza inesistente');
        if (method === 'PUT') return put(key, a2a, idPendenza, current, raw);
        if (method === 'PATCH') return patch(current, headers, raw);
      }
    }
    if (path.startsWith(GOVPAY_RAGIONERIA_PATH) && method === 'GET') {
      const rest = path.slice(GOVPAY_RAGIONERIA_PATH.length);
      if (rest === '/ricevute') {
        const dominio = url.searchParams.get('idDominio');
        const iuv = url.searchParams.get('iuv');
        if (dominio && !allowed(dominio)) return fault(403, 'AUTORIZZAZIONE', 'Dominio non autorizzato');
        const found = ricevute
          .filter((r) => (!dominio || r.dominio.idDominio === dominio) && (!iuv || r.iuv === iuv))
          .reverse()
          .map((r) => ({ dominio: r.dominio, iuv: r.iuv, idRicevuta: r.idRicevuta, data: r.data, esito: r.esito }));
        return { status: 200, body: { numRisultati: found.length, numPagine: 1, risultatiPerPagina: 25, pagina: 1, risultati: found } };
      }
      if ((m = /^\/ricevute\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(rest))) {
        const [d, iuv, id] = [m[1]!, m[2]!, m[3]!].map(decodeURIComponent);
        if (!allowed(d!)) return fault(403, 'AUTORIZZAZIONE', 'Dominio non autorizzato');
        const r = ricevute.find((x) => x.dominio.idDominio === d && x.iuv === iuv && x.idRicevuta === id);
        return r ? { status: 200, body: r } : fault(404, 'NOT_FOUND', 'Ricevuta inesistente');
      }
    }
    return fault(404, 'NOT_FOUND', 'Risorsa inesistente');
  }

  function put(key: string, a2a: string, idPendenza: string, current: MockPendenza | undefined, raw: string) {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return fault(400, 'SINTASSI', 'JSON non valido');
    }
    if (!body || typeof body !== 'object' || Array.isArray(body)) return fault(400, 'SINTASSI', 'Corpo non valido');
    const invalid = invalidPendenza(body);
    if (invalid) return fault(400, 'SINTASSI', `Campo ${invalid} non valido`);
    const idDominio = body.idDominio as string;
    if (!allowed(idDominio)) return fault(403, 'AUTORIZZAZIONE', 'Dominio non autorizzato');
    const sum = (body.voci as { importo: number }[]).reduce((t, v) => t + cents(v.importo), 0);
    if (sum !== cents(body.importo as number))
      return fault(422, 'VER_002', "L'importo della pendenza non corrisponde alla somma delle voci");
    if (current && current.stato !== 'NON_ESEGUITA')
      return fault(422, 'VER_003', 'La pendenza è in uno stato che non consente l’aggiornamento');
    const numeroAvviso =
      current?.numeroAvviso ??
      (options.assignsNoticeNumbers || !body.numeroAvviso
        ? `399${String(randomInt(0, 1e9)).padStart(9, '0')}${String(randomInt(0, 1e6)).padStart(6, '0')}`
        : (body.numeroAvviso as string));
    if (!current && byAvviso(idDominio, numeroAvviso)) return fault(422, 'VER_004', 'Numero avviso già utilizzato');
    pendenze.set(key, { idA2A: a2a, idPendenza, body, idDominio, numeroAvviso, stato: 'NON_ESEGUITA', writes: (current?.writes ?? 0) + 1 });
    return { status: current ? 200 : 201, body: { idDominio, numeroAvviso } };
  }

  function patch(current: MockPendenza | undefined, headers: IncomingMessage['headers'], raw: string) {
    if (!current) return fault(404, 'NOT_FOUND', 'Pendenza inesistente');
    if (!/^application\/json-patch\+json/.test(headers['content-type'] ?? '')) return fault(400, 'SINTASSI', 'Content-Type non ammesso');
    let ops: { op?: string; path?: string; value?: unknown }[];
    try {
      ops = JSON.parse(raw) as typeof ops;
    } catch {
      return fault(400, 'SINTASSI', 'JSON non valido');
    }
    if (!Array.isArray(ops) || ops.some((o) => o.op !== 'REPLACE' || typeof o.path !== 'string'))
      return fault(400, 'SINTASSI', 'Patch non valida');
    for (const op of ops) {
      if (op.path === '/stato') {
        if (op.value !== 'ANNULLATA' && op.value !== 'NON_ESEGUITA') return fault(400, 'SINTASSI', 'Stato non valido');
        if (op.value === 'ANNULLATA' && current.stato !== 'NON_ESEGUITA')
          return fault(422, 'VER_009', 'La pendenza è in uno stato che non consente l’annullamento');
        if (op.value === 'NON_ESEGUITA' && current.stato !== 'ANNULLATA')
          return fault(422, 'VER_003', 'Stato che non consente l’aggiornamento');
        current.stato = op.value;
      } else if (op.path === '/descrizioneStato') current.descrizioneStato = String(op.value);
      else return fault(400, 'SINTASSI', `Path ${op.path} non modificabile`);
    }
    return { status: 200, body: view(current) };
  }

  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://mock');
      requests.push({ method: request.method ?? '', path: `${url.pathname}${url.search}`, headers: request.headers, body: raw });
      const status = failures.shift();
      let result: ReturnType<typeof route>;
      try {
        result =
          status !== undefined
            ? fault(status)
            : !authenticated(request)
              ? fault(401, 'AUTORIZZAZIONE', 'Autenticazione fallita')
              : route(request.method ?? '', url, request.headers, raw);
      } catch (error) {
        result = fault(500, 'INTERNO', error instanceof Error ? error.message : String(error));
      }
      setTimeout(() => {
        if (response.destroyed) return;
        const isFault = 'categoria' in result;
        const payload =
          'categoria' in result ? { categoria: result.categoria, codice: result.codice, descrizione: result.descrizione } : result.body;
        response.writeHead(result.status, { 'content-type': isFault ? 'application/problem+json' : 'application/json' });
        response.end(payload === undefined ? '' : JSON.stringify(payload));
      }, mock.delayMs);
    });
  };
  const server = options.tls
    ? createTlsServer(
        { key: options.tls.key, cert: options.tls.cert, ca: options.tls.ca, requestCert: true, rejectUnauthorized: false },
        handler,
      )
    : createServer(handler);
  const { url, close } = await listenOnLoopback(server);

  const mock: GovpayMock = {
    url,
    pendenzeUrl: `${url}${GOVPAY_PENDENZE_PATH}`,
    ragioneriaUrl: `${url}${GOVPAY_RAGIONERIA_PATH}`,
    pendenze,
    ricevute,
    requests,
    delayMs: 0,
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    pay(numeroAvviso, payOptions = {}) {
      const p = [...pendenze.values()].find((x) => x.numeroAvviso === numeroAvviso);
      if (!p) throw new Error(`mock GovPay: avviso ${numeroAvviso} sconosciuto`);
      if (p.stato !== 'NON_ESEGUITA') throw new Error(`mock GovPay: avviso ${numeroAvviso} in stato ${p.stato}`);
      p.stato = 'ESEGUITA';
      const ragioneSociale = options.companyNames?.[p.idDominio] ?? 'Ente creditore';
      const receiptId = payOptions.receiptId ?? randomUUID().replace(/-/g, '');
      const xml = receiptXml(p, ragioneSociale, receiptId, payOptions);
      const now = new Date().toISOString();
      const ricevuta: MockRicevuta = {
        dominio: { idDominio: p.idDominio, ragioneSociale },
        iuv: p.numeroAvviso.slice(1),
        idRicevuta: receiptId,
        importo: p.body.importo as number,
        esito: 'ESEGUITO',
        istitutoAttestante: {
          idPSP: payOptions.idPSP ?? 'BCITITMM',
          denominazione: payOptions.pspName ?? 'Intesa Sanpaolo S.p.A.',
          idCanale: 'BCITITMM_01',
        },
        pendenza: { idA2A: p.idA2A, idPendenza: p.idPendenza, numeroAvviso: p.numeroAvviso, causale: p.body.causale as string },
        data: now,
        dataPagamento: now.slice(0, 10),
        rt: { tipo: 'ctReceiptV2', xml: Buffer.from(xml, 'utf8').toString('base64') },
        modello: 'Pagamento ad iniziativa Ente',
      };
      ricevute.push(ricevuta);
      return ricevuta;
    },
    pushReceipt(ecBaseUrl, credentials, ricevuta = ricevute.at(-1)) {
      if (!ricevuta) throw new Error('mock GovPay: nessuna ricevuta da notificare');
      const path = [ricevuta.dominio.idDominio, ricevuta.iuv, ricevuta.idRicevuta].map(encodeURIComponent).join('/');
      return send(`${ecBaseUrl.replace(/\/+$/, '')}/ricevute/${path}`, 'PUT', credentials, ricevuta);
    },
    pushRendicontazione(ecBaseUrl, credentials, body) {
      return send(`${ecBaseUrl.replace(/\/+$/, '')}/rendicontazioni`, 'POST', credentials, body);
    },
    close,
  };
  return mock;
}
