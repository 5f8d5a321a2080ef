import { z } from 'zod';
import { euroNumberToCents } from '@/lib/pagopa/euro-amount';
import type { ConnectionSecrets, GpdSettings } from '../connection-settings';
import { partnerHttp, rejected, type PartnerHttpResponse } from '../http';
import { PartnerRejectedError, type PartnerContext, type ReportingFlowData, type ReportingFlowRef } from '../types';
import { italianDay } from '@/lib/format/date';

/*
 * pagoPA FdR 3, organization API ("FDR – Flussi di rendicontazione [ORG]", reference partners.md §3): the
 * flows PSPs published for an Ente, each whole with its payments. Amounts arrive as euro doubles and are
 * converted exactly (lib/pagopa/euro-amount.ts). 401/403/404 are final; 5xx and timeouts retry (http.ts).
 */

export interface FdrEndpoint {
  /** e.g. https://api.platform.pagopa.it/fdr-org/service/v1 */
  fdrUrl: string;
  /** Ocp-Apim-Subscription-Key of the "FDR [ORG]" product. */
  subscriptionKey?: string;
}

/** The FdR endpoint of a GPD connection, or null when the connection pulls no flows. */
export function fdrEndpointOf(settings: GpdSettings, secrets: ConnectionSecrets): FdrEndpoint | null {
  return settings.fdrUrl ? { fdrUrl: settings.fdrUrl, subscriptionKey: secrets.fdrKey } : null;
}

const PAGE_SIZE = 1000;
/** A list longer than this is a server gone wrong, not a month of flows. */
const MAX_PAGES = 200;

const metadataSchema = z.object({ totPage: z.number().int().min(0) });

const listSchema = z.object({
  metadata: metadataSchema,
  data: z.array(
    z.object({
      fdr: z.string().min(1).max(35),
      pspId: z.string().min(1).max(35),
      revision: z.number().int().min(1),
      flowDate: z.string().min(1).max(40),
    }),
  ),
});

const headerSchema = z.object({
  fdr: z.string().min(1).max(35),
  revision: z.number().int().min(1),
  fdrDate: z.string().min(1).max(40),
  regulation: z.string().min(1).max(35),
  regulationDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  bicCodePouringBank: z.string().max(35).nullish(),
  sender: z.object({ pspId: z.string().min(1).max(35), pspName: z.string().max(140).nullish() }),
  totPayments: z.number().int().min(0),
  sumPayments: z.number(),
});

const paymentsSchema = z.object({
  metadata: metadataSchema,
  data: z.array(
    z.object({
      index: z.number().int().min(1),
      iuv: z.string().min(1).max(35),
      iur: z.string().min(1).max(35),
      idTransfer: z.number().int().min(1).max(5),
      pay: z.number(),
      payStatus: z.enum(['EXECUTED', 'REVOKED', 'STAND_IN', 'STAND_IN_NO_RPT', 'NO_RPT']),
      payDate: z.string().min(10).max(40),
    }),
  ),
});

function headersOf(endpoint: FdrEndpoint): Record<string, string> {
  return { accept: 'application/json', ...(endpoint.subscriptionKey ? { 'ocp-apim-subscription-key': endpoint.subscriptionKey } : {}) };
}

async function getJson<T>(endpoint: FdrEndpoint, path: string, query: Record<string, string>, schema: z.ZodType<T>): Promise<T> {
  const url = new URL(`${endpoint.fdrUrl}${path}`);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const where = `FdR GET ${path}`;
  const response: PartnerHttpResponse = await partnerHttp({ method: 'GET', url: url.toString(), headers: headersOf(endpoint) });
  if (response.status !== 200) throw rejected(where, response);
  let body: unknown;
  try {
    body = response.json();
  } catch {
    throw new PartnerRejectedError(`${where}: risposta non JSON`, response.status);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new PartnerRejectedError(`${where}: risposta non conforme (${parsed.error.issues[0]?.path.join('.')})`, 200);
  return parsed.data;
}

const enc = encodeURIComponent;

/**
 * The flows published for the Ente after `since` (every page). Without `since` FdR's own default applies:
 * from the start of the previous month.
 */
export async function listFdrFlows(endpoint: FdrEndpoint, ctx: PartnerContext, since?: Date | null): Promise<ReportingFlowRef[]> {
  const refs: ReportingFlowRef[] = [];
  for (let page = 1, totPage = 1; page <= totPage && page <= MAX_PAGES; page++) {
    const query: Record<string, string> = { page: String(page), size: String(PAGE_SIZE) };
    if (since) query.publishedGt = since.toISOString();
    const body = await getJson(endpoint, `/organizations/${enc(ctx.creditorFiscalCode)}/fdrs`, query, listSchema);
    refs.push(...body.data.map((f) => ({ flowId: f.fdr, pspId: f.pspId, revision: f.revision, flowDate: f.flowDate })));
    totPage = body.metadata.totPage;
  }
  return refs;
}

/** The calendar day of a pagoPA date-time, in Italy (a payment at 23:30 UTC on the 10th was made on the 11th). */
function payDayOf(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const at = new Date(/(?:Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`);
  if (Number.isNaN(at.getTime())) throw new PartnerRejectedError(`FdR: data non valida ${value.slice(0, 40)}`);
  return italianDay(at);
}

function cents(value: number, what: string): number {
  try {
    return euroNumberToCents(value);
  } catch {
    throw new PartnerRejectedError(`FdR: ${what} non valido (${value})`);
  }
}

/** One flow, header and every page of payments, amounts in cents. */
export async function fetchFdrFlow(endpoint: FdrEndpoint, ctx: PartnerContext, ref: ReportingFlowRef): Promise<ReportingFlowData> {
  const base = `/organizations/${enc(ctx.creditorFiscalCode)}/fdrs/${enc(ref.flowId)}/revisions/${ref.revision}/psps/${enc(ref.pspId)}`;
  const header = await getJson(endpoint, base, {}, headerSchema);
  const payments: ReportingFlowData['payments'] = [];
  for (let page = 1, totPage = 1; page <= totPage && page <= MAX_PAGES; page++) {
    const body = await getJson(endpoint, `${base}/payments`, { page: String(page), size: String(PAGE_SIZE) }, paymentsSchema);
    for (const p of body.data) {
      payments.push({
        index: p.index,
        iuv: p.iuv,
        iur: p.iur,
        idTransfer: p.idTransfer,
        amountCents: cents(p.pay, 'importo'),
        outcome: p.payStatus,
        payDate: payDayOf(p.payDate),
      });
    }
    totPage = body.metadata.totPage;
  }
  return {
    flowId: header.fdr,
    pspId: header.sender.pspId,
    revision: header.revision,
    flowDate: header.fdrDate,
    regulation: header.regulation,
    regulationDate: header.regulationDate.slice(0, 10),
    bicCodePouringBank: header.bicCodePouringBank ?? undefined,
    pspName: header.sender.pspName ?? undefined,
    totPayments: header.totPayments,
    sumCents: cents(header.sumPayments, 'totale'),
    payments,
  };
}
