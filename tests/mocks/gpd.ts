import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseJson, romeNow, sendJson, sendProblem, startHttpMock, type MockControls, type MockRequest } from './http-mock';

/*
 * A mock of pagoPA GPD: debt positions v1 (/gpd/debt-positions-service/v1) and the payments receipts API
 * (/gpd/payments-receipts-service/v1), in memory, written from our reading of the spec (reference
 * partners.md §2, pagopa.md §3–4). `pay(nav)` does what the Nodo and GPD do when a PSP collects a notice:
 * the option becomes PO_PAID, the position PAID, and a PaSendRTV2Request is stored as the receipt;
 * `pushReceipt` then sends that receipt as a broadcast station would get it (SOAP paSendRTV2).
 */

export const GPD_PATH = '/gpd/debt-positions-service/v1';
export const RECEIPTS_PATH = '/gpd/payments-receipts-service/v1';

export interface GpdMockTransfer {
  idTransfer: string;
  amount: number;
  organizationFiscalCode?: string;
  companyName?: string;
  remittanceInformation: string;
  category: string;
  iban?: string;
  postalIban?: string;
  stamp?: { hashDocument: string; stampType: string; provincialResidence: string };
}

export interface GpdMockOption {
  iuv: string;
  nav: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: string;
  status: 'PO_UNPAID' | 'PO_PAID' | 'PO_PARTIALLY_REPORTED' | 'PO_REPORTED';
  transfer: GpdMockTransfer[];
  idReceipt?: string;
  paymentDate?: string;
}

export interface GpdMockPosition {
  organizationFiscalCode: string;
  iupd: string;
  type: 'F' | 'G';
  fiscalCode: string;
  fullName: string;
  companyName: string;
  officeName?: string;
  switchToExpired: boolean;
  validityDate: string | null;
  status: 'DRAFT' | 'PUBLISHED' | 'VALID' | 'INVALID' | 'EXPIRED' | 'PARTIALLY_PAID' | 'PAID' | 'REPORTED';
  paymentOption: GpdMockOption[];
  /** Everything else the client sent, echoed back. */
  extra: Record<string, unknown>;
}

export interface GpdMockOptions {
  /** Ocp-Apim-Subscription-Key accepted by the debt positions API (absent: any key, or none). */
  gpdKey?: string;
  /** Key accepted by the receipts API. */
  receiptsKey?: string;
  /** Organizations the keys are enabled for (absent: all): others get 403. */
  enabledOrganizations?: string[];
  /** Who the receipts name as PSP. */
  psp?: { id: string; name: string; fiscalCode: string; channel: string };
  /** idBrokerPA and idStation of the pushed paSendRTV2Request. */
  broker?: { fiscalCode: string; station: string };
}

export type PushCredentials = { basic: { username: string; password: string } } | { apiKey: { appId: string; key: string } };

export interface GpdMock {
  url: string;
  gpdUrl: string;
  receiptsUrl: string;
  controls: MockControls;
  positions: Map<string, GpdMockPosition>;
  /** Stored receipts (bare PaSendRTV2Request XML) by `${organization}/${iuv}`. */
  receipts: Map<string, string>;
  /** Marks the option with this notice number paid and stores its receipt; returns the receipt id and documents. */
  pay(nav: string, options?: { paymentNote?: string; receiptId?: string }): PaidNotice;
  /** POSTs the SOAP paSendRTV2 of a paid notice to `endpoint`, as the intermediary forwarding to us would. */
  pushReceipt(endpoint: string, nav: string, credentials: PushCredentials | null): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export interface PaidNotice {
  receiptId: string;
  organizationFiscalCode: string;
  iuv: string;
  /** The bare PaSendRTV2Request (what the receipts API returns). */
  request: string;
  /** The same wrapped in a SOAP envelope (what a broadcast station receives). */
  envelope: string;
}

const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?$/;
const NOT_INVALIDATABLE = new Set(['DRAFT', 'INVALID', 'EXPIRED', 'PARTIALLY_PAID', 'PAID', 'REPORTED']);

const isString = (v: unknown, max = 1000): v is string => typeof v === 'string' && v.length >= 1 && v.length <= max;
const isCents = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;

/** The first rule of GPD's create validation that the body breaks, or null. */
function invalidPosition(body: unknown): string | null {
  if (!body || typeof body !== 'object') return 'body must be a JSON object';
  const p = body as Record<string, unknown>;
  if (!isString(p.iupd)) return 'iupd is required';
  if (p.type !== 'F' && p.type !== 'G') return 'type must be F or G';
  if (!isString(p.fiscalCode)) return 'fiscalCode is required';
  if (!isString(p.fullName)) return 'fullName is required';
  if (!isString(p.companyName, 140)) return 'companyName is required (max 140)';
  if (p.officeName !== undefined && !isString(p.officeName, 140)) return 'officeName max 140';
  if (typeof p.switchToExpired !== 'boolean') return 'switchToExpired is required';
  if (
    p.validityDate !== undefined &&
    p.validityDate !== null &&
    !(typeof p.validityDate === 'string' && LOCAL_DATE_TIME.test(p.validityDate))
  )
    return 'validityDate must be a date-time';
  if (!Array.isArray(p.paymentOption) || p.paymentOption.length === 0) return 'paymentOption is required';
  for (const option of p.paymentOption as unknown[]) {
    if (!option || typeof option !== 'object') return 'paymentOption must be objects';
    const o = option as Record<string, unknown>;
    if (!isString(o.iuv, 35)) return 'iuv is required';
    if (o.nav !== undefined && !isString(o.nav, 35)) return 'nav must be a string';
    if (!isCents(o.amount)) return 'minimum amount is 1 eurocent';
    if (!isString(o.description, 140)) return 'description is required (max 140)';
    if (typeof o.isPartialPayment !== 'boolean') return 'isPartialPayment is required';
    if (!(typeof o.dueDate === 'string' && LOCAL_DATE_TIME.test(o.dueDate))) return 'dueDate is required (date-time without zone)';
    if (typeof p.validityDate === 'string' && o.dueDate <= p.validityDate) return 'due_date must be after validity_date';
    if (!Array.isArray(o.transfer) || o.transfer.length < 1 || o.transfer.length > 5) return 'transfer must have 1 to 5 items';
    const ids = new Set<string>();
    let sum = 0;
    for (const transfer of o.transfer as unknown[]) {
      if (!transfer || typeof transfer !== 'object') return 'transfer must be objects';
      const t = transfer as Record<string, unknown>;
      if (typeof t.idTransfer !== 'string' || !/^[1-5]$/.test(t.idTransfer) || ids.has(t.idTransfer))
        return 'idTransfer must be a unique "1".."5"';
      ids.add(t.idTransfer);
      if (!isCents(t.amount)) return 'transfer amount: minimum amount is 1 eurocent';
      if (!isString(t.remittanceInformation, 140)) return 'remittanceInformation is required (max 140)';
      if (!isString(t.category)) return 'category is required';
      if (t.iban !== undefined && !(typeof t.iban === 'string' && /^[A-Za-z0-9]{1,35}$/.test(t.iban))) return 'iban is not valid';
      if (t.stamp !== undefined && (t.iban !== undefined || t.postalIban !== undefined)) return 'stamp is mutually exclusive with iban';
      if (t.stamp === undefined && t.iban === undefined) return 'one of iban or stamp is required';
      sum += t.amount;
    }
    if (sum !== o.amount)
      return `payment option amount must coincide with the total of the transfers amount (${o.amount} != ${sum} in cent)`;
  }
  return null;
}

const euro = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
const escapeXml = (value: string) => value.replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]!);

function receiptXml(
  position: GpdMockPosition,
  option: GpdMockOption,
  receiptId: string,
  psp: NonNullable<GpdMockOptions['psp']>,
  broker: NonNullable<GpdMockOptions['broker']>,
  paymentNote?: string,
): string {
  const x = escapeXml;
  const transfers = option.transfer
    .map((t) => {
      const target = t.stamp
        ? `<MBDAttachment>${Buffer.from(`<marcaDaBollo>${t.stamp.hashDocument}</marcaDaBollo>`).toString('base64')}</MBDAttachment>`
        : `<IBAN>${x(t.iban ?? '')}</IBAN>`;
      return (
        `<transfer><idTransfer>${t.idTransfer}</idTransfer><transferAmount>${euro(t.amount)}</transferAmount>` +
        `<fiscalCodePA>${x(t.organizationFiscalCode ?? position.organizationFiscalCode)}</fiscalCodePA>` +
        (t.companyName ? `<companyName>${x(t.companyName)}</companyName>` : '') +
        `${target}<remittanceInformation>${x(t.remittanceInformation)}</remittanceInformation>` +
        `<transferCategory>${x(t.category)}</transferCategory></transfer>`
      );
    })
    .join('');
  const date = romeNow();
  return (
    `<paf:paSendRTV2Request xmlns:paf="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">` +
    `<idPA>${position.organizationFiscalCode}</idPA><idBrokerPA>${x(broker.fiscalCode)}</idBrokerPA><idStation>${x(broker.station)}</idStation>` +
    `<receipt><receiptId>${x(receiptId)}</receiptId><noticeNumber>${option.nav}</noticeNumber>` +
    `<fiscalCode>${position.organizationFiscalCode}</fiscalCode><outcome>OK</outcome>` +
    `<creditorReferenceId>${option.iuv}</creditorReferenceId><paymentAmount>${euro(option.amount)}</paymentAmount>` +
    `<description>${x(option.description)}</description><companyName>${x(position.companyName)}</companyName>` +
    (position.officeName ? `<officeName>${x(position.officeName)}</officeName>` : '') +
    `<debtor><uniqueIdentifier><entityUniqueIdentifierType>${position.type}</entityUniqueIdentifierType>` +
    `<entityUniqueIdentifierValue>${x(position.fiscalCode)}</entityUniqueIdentifierValue></uniqueIdentifier>` +
    `<fullName>${x(position.fullName.slice(0, 70))}</fullName></debtor>` +
    `<transferList>${transfers}</transferList>` +
    `<idPSP>${x(psp.id)}</idPSP><pspFiscalCode>${x(psp.fiscalCode)}</pspFiscalCode><PSPCompanyName>${x(psp.name)}</PSPCompanyName>` +
    `<idChannel>${x(psp.channel)}</idChannel><channelDescription>app</channelDescription>` +
    `<paymentMethod>creditCard</paymentMethod><fee>1.00</fee><paymentDateTime>${date}</paymentDateTime>` +
    `<applicationDate>${date.slice(0, 10)}</applicationDate><transferDate>${date.slice(0, 10)}</transferDate>` +
    (paymentNote ? `<paymentNote>${x(paymentNote)}</paymentNote>` : '') +
    `</receipt></paf:paSendRTV2Request>`
  );
}

function soapEnvelope(request: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/>' +
    `<soapenv:Body>${request}</soapenv:Body></soapenv:Envelope>`
  );
}

function view(position: GpdMockPosition) {
  const { organizationFiscalCode: _org, extra, ...rest } = position;
  return { ...extra, ...rest };
}

export async function startGpdMock(options: GpdMockOptions = {}): Promise<GpdMock> {
  const positions = new Map<string, GpdMockPosition>();
  const receipts = new Map<string, string>();
  const psp = options.psp ?? { id: 'BCITITMM', name: 'Intesa Sanpaolo S.p.A.', fiscalCode: '00799960158', channel: '00799960158_01' };
  const broker = options.broker ?? { fiscalCode: '15376371009', station: '15376371009_01' };
  const key = (org: string, iupd: string) => `${org}/${iupd}`;
  const ofOrg = (org: string) => [...positions.values()].filter((p) => p.organizationFiscalCode === org);

  /** APIM's checks: the key of the product, enabled for the organization. */
  function denied(req: MockRequest, res: ServerResponse, expected: string | undefined, org: string): boolean {
    const presented = req.headers['ocp-apim-subscription-key'];
    if (expected !== undefined && presented !== expected) {
      sendJson(res, 401, { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key.' });
      return true;
    }
    if (options.enabledOrganizations && !options.enabledOrganizations.includes(org)) {
      sendProblem(res, 403, 'Forbidden', `The subscription key is not enabled for ${org}`);
      return true;
    }
    return false;
  }

  function debtPositions(req: MockRequest, res: ServerResponse, url: URL, rest: string): void {
    const match = /^\/organizations\/([^/]+)\/debtpositions(?:\/([^/]+)(\/invalidate)?)?$/.exec(rest);
    if (!match) return sendProblem(res, 404, 'Not Found', 'Risorsa sconosciuta');
    const org = decodeURIComponent(match[1]!);
    const iupd = match[2] === undefined ? undefined : decodeURIComponent(match[2]);
    if (denied(req, res, options.gpdKey, org)) return;

    if (req.method === 'POST' && iupd === undefined) {
      const body = parseJson(req.body);
      const problem = invalidPosition(body);
      if (problem) return sendProblem(res, 400, 'BAD REQUEST', problem);
      const p = body as Record<string, unknown> &
        Pick<GpdMockPosition, 'iupd' | 'type' | 'fiscalCode' | 'fullName' | 'companyName' | 'switchToExpired'>;
      const rawOptions = p.paymentOption as (Omit<GpdMockOption, 'status' | 'nav'> & { nav?: string })[];
      const paymentOption = rawOptions.map((o) => ({
        ...o,
        nav: o.nav ?? `3${o.iuv}`,
        status: 'PO_UNPAID' as const,
      }));
      const taken = ofOrg(org).some(
        (existing) =>
          existing.iupd === p.iupd || existing.paymentOption.some((eo) => paymentOption.some((o) => o.iuv === eo.iuv || o.nav === eo.nav)),
      );
      if (taken) return sendProblem(res, 409, 'Conflict', 'The debt position violated constraints of uniqueness');
      const toPublish = url.searchParams.get('toPublish') === 'true';
      const validityDate = typeof p.validityDate === 'string' ? p.validityDate : null;
      const {
        iupd: _i,
        type,
        fiscalCode,
        fullName,
        companyName,
        officeName,
        switchToExpired,
        validityDate: _v,
        paymentOption: _o,
        ...extra
      } = p;
      const position: GpdMockPosition = {
        organizationFiscalCode: org,
        iupd: p.iupd,
        type,
        fiscalCode,
        fullName,
        companyName,
        officeName: typeof officeName === 'string' ? officeName : undefined,
        switchToExpired,
        validityDate,
        status: !toPublish ? 'DRAFT' : validityDate ? 'PUBLISHED' : 'VALID',
        paymentOption,
        extra,
      };
      positions.set(key(org, p.iupd), position);
      return sendJson(res, 201, view(position));
    }

    if (req.method === 'GET' && iupd === undefined) {
      const limit = Number(url.searchParams.get('limit') ?? '10');
      const page = Number(url.searchParams.get('page') ?? '0');
      if (!Number.isInteger(limit) || limit < 1 || limit > 50 || !Number.isInteger(page) || page < 0)
        return sendProblem(res, 400, 'BAD REQUEST', 'limit must be 1..50, page ≥ 0');
      const all = ofOrg(org);
      return sendJson(res, 200, {
        payment_position_list: all.slice(page * limit, (page + 1) * limit).map(view),
        page_info: {
          page,
          limit,
          items_found: Math.min(limit, Math.max(0, all.length - page * limit)),
          total_pages: Math.ceil(all.length / limit),
        },
      });
    }

    const position = iupd === undefined ? undefined : positions.get(key(org, iupd));
    if (!position) return sendProblem(res, 404, 'Not found', `No debt position found with IUPD ${iupd ?? ''}`);
    if (req.method === 'GET' && !match[3]) return sendJson(res, 200, view(position));
    if (req.method === 'POST' && match[3]) {
      if (NOT_INVALIDATABLE.has(position.status))
        return sendProblem(
          res,
          409,
          'Conflict',
          `Debt position with IUPD ${position.iupd} is not in invalidable state (${position.status})`,
        );
      position.status = 'INVALID';
      return sendJson(res, 200, view(position));
    }
    return sendProblem(res, 405, 'Method Not Allowed', req.method);
  }

  function receiptsApi(req: MockRequest, res: ServerResponse, url: URL, rest: string): void {
    const match = /^\/payments\/([^/]+)\/receipts(?:\/([^/]+))?$/.exec(rest);
    if (!match || req.method !== 'GET') return sendProblem(res, 404, 'Not Found', 'Risorsa sconosciuta');
    const org = decodeURIComponent(match[1]!);
    if (denied(req, res, options.receiptsKey, org)) return;
    if (match[2] !== undefined) {
      const xml = receipts.get(`${org}/${decodeURIComponent(match[2])}`);
      if (!xml) return sendProblem(res, 404, 'Not found', `No receipt found for IUV ${decodeURIComponent(match[2])}`);
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(xml);
      return;
    }
    const pageNum = Number(url.searchParams.get('pageNum') ?? '0');
    const pageSize = Number(url.searchParams.get('pageSize') ?? '20');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100)
      return sendProblem(res, 400, 'BAD REQUEST', 'pageSize must be 1..100');
    const list = [...receipts.keys()]
      .filter((k) => k.startsWith(`${org}/`))
      .map((k) => ({ organizationFiscalCode: org, iuv: k.slice(org.length + 1), status: 'PAID' }));
    return sendJson(res, 200, {
      currentPageNumber: pageNum,
      length: Math.min(pageSize, list.length),
      totalPages: Math.max(1, Math.ceil(list.length / pageSize)),
      receipts_list: list.slice(pageNum * pageSize, (pageNum + 1) * pageSize),
    });
  }

  const server = await startHttpMock((req, res) => {
    const url = new URL(req.path, 'http://mock');
    if (url.pathname.startsWith(GPD_PATH)) return debtPositions(req, res, url, url.pathname.slice(GPD_PATH.length));
    if (url.pathname.startsWith(RECEIPTS_PATH)) return receiptsApi(req, res, url, url.pathname.slice(RECEIPTS_PATH.length));
    sendProblem(res, 404, 'Not Found', 'Risorsa sconosciuta');
  });

  function pay(nav: string, payOptions: { paymentNote?: string; receiptId?: string } = {}): PaidNotice {
    for (const position of positions.values()) {
      const option = position.paymentOption.find((o) => o.nav === nav);
      if (!option) continue;
      if (!['VALID', 'PARTIALLY_PAID'].includes(position.status) || option.status !== 'PO_UNPAID')
        throw new Error(`Avviso ${nav} non pagabile (${position.status}/${option.status})`);
      const receiptId = payOptions.receiptId ?? randomBytes(16).toString('hex');
      option.status = 'PO_PAID';
      option.idReceipt = receiptId;
      option.paymentDate = romeNow();
      position.status = position.paymentOption.every((o) => o.status !== 'PO_UNPAID') ? 'PAID' : 'PARTIALLY_PAID';
      const request = receiptXml(position, option, receiptId, psp, broker, payOptions.paymentNote);
      receipts.set(`${position.organizationFiscalCode}/${option.iuv}`, request);
      return {
        receiptId,
        organizationFiscalCode: position.organizationFiscalCode,
        iuv: option.iuv,
        request,
        envelope: soapEnvelope(request),
      };
    }
    throw new Error(`Avviso ${nav} sconosciuto al mock GPD`);
  }

  async function pushReceipt(endpoint: string, nav: string, credentials: PushCredentials | null) {
    const entry = [...positions.values()].flatMap((p) => p.paymentOption.map((o) => ({ p, o }))).find(({ o }) => o.nav === nav);
    const request = entry && receipts.get(`${entry.p.organizationFiscalCode}/${entry.o.iuv}`);
    if (!request) throw new Error(`Nessuna ricevuta per l'avviso ${nav}`);
    const headers: Record<string, string> = { 'content-type': 'text/xml; charset=utf-8', soapaction: '"paSendRTV2"' };
    if (credentials && 'basic' in credentials)
      headers.authorization = `Basic ${Buffer.from(`${credentials.basic.username}:${credentials.basic.password}`).toString('base64')}`;
    if (credentials && 'apiKey' in credentials) {
      headers['x-app-id'] = credentials.apiKey.appId;
      headers['x-api-key'] = credentials.apiKey.key;
    }
    const response = await fetch(endpoint, { method: 'POST', headers, body: soapEnvelope(request) });
    return { status: response.status, body: await response.text() };
  }

  return {
    url: server.url,
    gpdUrl: `${server.url}${GPD_PATH}`,
    receiptsUrl: `${server.url}${RECEIPTS_PATH}`,
    controls: server.controls,
    positions,
    receipts,
    pay,
    pushReceipt,
    close: server.close,
  };
}
