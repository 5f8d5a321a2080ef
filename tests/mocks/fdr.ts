import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from './http-mock';

/*
 * A mock of pagoPA FdR 3's organization API, written from our description of it (reference partners.md §3):
 * paged lists of published flows, a flow's header by revision, its payments in pages; APIM's 401 for a
 * wrong subscription key, FdR's error body for 404, switchable 500s and slow answers. No jest imports:
 * the e2e runner starts it too.
 */

export interface MockFdrPayment {
  index: number;
  iuv: string;
  iur: string;
  idTransfer: number;
  pay: number;
  payStatus: 'EXECUTED' | 'REVOKED' | 'STAND_IN' | 'STAND_IN_NO_RPT' | 'NO_RPT';
  payDate: string;
}

export interface MockFdrFlow {
  organizationId: string;
  fdr: string;
  pspId: string;
  pspName?: string;
  revision: number;
  /** ISO date-time it was published: what `publishedGt` filters on. */
  published: string;
  fdrDate: string;
  regulation: string;
  regulationDate: string;
  bicCodePouringBank?: string;
  payments: MockFdrPayment[];
}

export interface FdrMockOptions {
  /** The Ocp-Apim-Subscription-Key the mock accepts (absent: any). */
  subscriptionKey?: string;
  /** Page size the mock imposes, whatever `size` asks (to exercise paging with few rows). */
  maxPageSize?: number;
}

export interface FdrMockState {
  flows: MockFdrFlow[];
  /** The next N requests answer 500. */
  failNext: number;
  /** Every answer waits this long first (timeouts). */
  delayMs: number;
  /** Each request, `GET /path?query`. */
  requests: string[];
  /** Flow ids still listed but whose detail answers 404 (withdrawn between the list and the fetch). */
  withdrawn: string[];
}

export interface FdrMock {
  url: string;
  state: FdrMockState;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function fdrError(res: ServerResponse, status: number, appErrorCode: string, message: string): void {
  send(res, status, {
    httpStatusCode: status,
    httpStatusDescription: status === 404 ? 'Not Found' : status === 400 ? 'Bad Request' : 'Internal Server Error',
    appErrorCode,
    errors: [{ message }],
  });
}

function paged<T>(items: T[], url: URL, maxPageSize: number): { metadata: object; count: number; data: T[] } | null {
  const page = Number(url.searchParams.get('page') ?? '1');
  const size = Math.min(Number(url.searchParams.get('size') ?? '1000'), maxPageSize);
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(size) || size < 1) return null;
  const totPage = Math.max(1, Math.ceil(items.length / size));
  return {
    metadata: { pageSize: size, pageNumber: page, totPage },
    count: items.length,
    data: items.slice((page - 1) * size, page * size),
  };
}

function euroSum(payments: MockFdrPayment[]): number {
  return payments.reduce((sum, p) => sum + Math.round(p.pay * 100), 0) / 100;
}

export async function startFdrMock(options: FdrMockOptions = {}): Promise<FdrMock> {
  const state: FdrMockState = { flows: [], failNext: 0, delayMs: 0, requests: [], withdrawn: [] };
  const maxPageSize = options.maxPageSize ?? 1000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://mock');
    state.requests.push(`${req.method} ${url.pathname}${url.search}`);
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    if (options.subscriptionKey && req.headers['ocp-apim-subscription-key'] !== options.subscriptionKey) {
      send(res, 401, { statusCode: 401, message: 'Access denied due to invalid subscription key.' });
      return;
    }
    if (state.failNext > 0) {
      state.failNext--;
      fdrError(res, 500, 'FDR-0500', 'An unexpected error has occurred.');
      return;
    }
    if (req.method !== 'GET') return fdrError(res, 405, 'FDR-0405', 'Method not allowed');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== 'organizations' || parts[2] !== 'fdrs') return fdrError(res, 404, 'FDR-0404', 'Not found');
    const org = parts[1]!;
    if (parts.length === 3) {
      const after = url.searchParams.get('publishedGt');
      const listed = state.flows
        .filter((f) => f.organizationId === org && (!after || Date.parse(f.published) > Date.parse(after)))
        .map((f) => ({ fdr: f.fdr, pspId: f.pspId, revision: f.revision, published: f.published, flowDate: f.fdrDate }));
      const body = paged(listed, url, maxPageSize);
      return body ? send(res, 200, body) : fdrError(res, 400, 'FDR-0702', 'Invalid page or size');
    }
    // /organizations/{org}/fdrs/{fdr}/revisions/{rev}/psps/{psp}[/payments]
    const [, , , fdr, revisions, rev, psps, psp, tail] = parts;
    const flow = state.flows.find(
      (f) =>
        f.organizationId === org &&
        f.fdr === fdr &&
        String(f.revision) === rev &&
        f.pspId === psp &&
        revisions === 'revisions' &&
        psps === 'psps',
    );
    if (!flow || state.withdrawn.includes(flow.fdr) || parts.length > 9 || (tail !== undefined && tail !== 'payments')) {
      return fdrError(res, 404, 'FDR-0701', `Fdr [${fdr ?? ''}] not found`);
    }
    if (tail === 'payments') {
      const body = paged(flow.payments, url, maxPageSize);
      return body ? send(res, 200, body) : fdrError(res, 400, 'FDR-0702', 'Invalid page or size');
    }
    send(res, 200, {
      status: 'PUBLISHED',
      revision: flow.revision,
      created: flow.fdrDate,
      updated: flow.published,
      published: flow.published,
      fdr: flow.fdr,
      fdrDate: flow.fdrDate,
      regulation: flow.regulation,
      regulationDate: flow.regulationDate,
      bicCodePouringBank: flow.bicCodePouringBank ?? null,
      sender: {
        type: 'LEGAL_PERSON',
        id: 'SELBIT2B',
        pspId: flow.pspId,
        pspName: flow.pspName ?? 'PSP di prova',
        pspBrokerId: flow.pspId,
        channelId: `${flow.pspId}_01`,
      },
      receiver: { id: 'APPBIT2B', organizationId: flow.organizationId, organizationName: 'Ente di prova' },
      totPayments: flow.payments.length,
      sumPayments: euroSum(flow.payments),
      computedTotPayments: flow.payments.length,
      computedSumPayments: euroSum(flow.payments),
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.destroy();
    });
  });
  return { ...(await listenOnLoopback(server)), state };
}
