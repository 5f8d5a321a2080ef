import { fdrEndpointOf, fetchFdrFlow, listFdrFlows } from '../pagopa/fdr';
import { readConfig } from '@/lib/config';
import { parseReceiptXml, ReceiptXmlError } from '@/lib/pagopa/receipt-xml';
import type { GpdSettings, ConnectionSecrets } from '../connection-settings';
import { describeProblem, rejected, type PartnerHttpResponse } from '../http';
import { probeConnection } from '../connection-probes';
import { checkoutEndpointOf, postCart } from '../pagopa/checkout';
import { validatePartnerReceipt } from '../receipt-schema';
import {
  PartnerRejectedError,
  type ConnectionCheck,
  type NoticeStatus,
  type PartnerCapability,
  type PartnerContext,
  type PaymentPartner,
  type PositionForPartner,
  type ReportingFlowRef,
} from '../types';
import { apimCall, segment, type ApimEndpoint } from './client';
import { iupdOf, toDebtPosition } from './debt-position';

/*
 * The adapter for partners that act as broker on pagoPA's GPD (reference partners.md §2): positions are
 * created VALID in one call, the payer goes through pagoPA Checkout, receipts arrive pushed to our
 * paSendRTV2 endpoint (receipt-push.ts) and can be pulled from GPD's receipts API for recovery.
 */

const CAPABILITIES: ReadonlySet<PartnerCapability> = new Set([
  'register',
  'invalidate',
  'status',
  'checkout',
  'receipt_push',
  'receipt_pull',
] as const);

/** What GPD answers about one position: only the fields we compare. */
interface StoredPosition {
  status?: string;
  paymentOption?: { iuv?: string; nav?: string; amount?: number }[];
}

function storedPosition(response: PartnerHttpResponse): StoredPosition {
  try {
    const body = response.json();
    return body && typeof body === 'object' ? (body as StoredPosition) : {};
  } catch {
    return {};
  }
}

/** The statuses from which a position can no longer be paid: invalidating it again is pointless, not an error. */
const NOT_PAYABLE = new Set(['INVALID', 'EXPIRED']);

export function createGpdPartner(code: PaymentPartner['code'], settings: GpdSettings, secrets: ConnectionSecrets): PaymentPartner {
  const gpd: ApimEndpoint = { baseUrl: settings.gpdUrl, subscriptionKey: secrets.gpdKey };
  const receiptsApi: ApimEndpoint = { baseUrl: settings.receiptsUrl, subscriptionKey: secrets.receiptsKey };
  const positionsPath = (ctx: PartnerContext) => `/organizations/${segment(ctx.creditorFiscalCode)}/debtpositions`;

  async function readPosition(ctx: PartnerContext, iupd: string): Promise<StoredPosition | null> {
    const response = await apimCall(gpd, 'GET', `${positionsPath(ctx)}/${segment(iupd)}`);
    if (response.status === 404) return null;
    if (response.status !== 200) throw rejected('GPD GET debtpositions/{iupd}', response);
    return storedPosition(response);
  }

  // Flows come from FdR 3's organization API when the connection has its URL and key.
  const fdr = fdrEndpointOf(settings, secrets);
  return {
    code,
    capabilities: fdr ? new Set([...CAPABILITIES, 'reporting_flows' as const]) : CAPABILITIES,
    ...(fdr
      ? {
          listReportingFlows: (ctx: PartnerContext, since: Date) => listFdrFlows(fdr, ctx, since),
          fetchReportingFlow: (ctx: PartnerContext, ref: ReportingFlowRef) => fetchFdrFlow(fdr, ctx, ref),
        }
      : {}),

    async registerPosition(ctx: PartnerContext, position: PositionForPartner) {
      const body = toDebtPosition(ctx, position, readConfig().DEFAULT_VALIDITY_DAYS);
      const response = await apimCall(gpd, 'POST', `${positionsPath(ctx)}?toPublish=true`, { body });
      if (response.status === 201 || response.status === 200) return;
      if (response.status !== 409) throw rejected('GPD POST debtpositions', response);
      // 409: already there (a retry after a lost answer), or the IUV/NAV is taken by another position.
      const stored = await readPosition(ctx, body.iupd);
      const same = stored?.paymentOption?.some(
        (o) => o.iuv === position.iuv && (o.nav === undefined || o.nav === position.noticeNumber) && o.amount === position.amountCents,
      );
      if (same) return;
      throw new PartnerRejectedError(
        stored
          ? `GPD: la posizione ${body.iupd} esiste già con IUV o importo diversi (${describeProblem(response)})`.trim()
          : `GPD: IUV ${position.iuv} o codice avviso già usati da un'altra posizione (${describeProblem(response)})`.trim(),
        409,
      );
    },

    async invalidatePosition(ctx, position) {
      const iupd = iupdOf(ctx, position.id);
      const response = await apimCall(gpd, 'POST', `${positionsPath(ctx)}/${segment(iupd)}/invalidate`);
      if (response.status === 200) return;
      // Never registered: GPD has nothing that could be paid.
      if (response.status === 404) return;
      if (response.status !== 409) throw rejected('GPD POST invalidate', response);
      const stored = await readPosition(ctx, iupd);
      if (!stored || NOT_PAYABLE.has(stored.status ?? '')) return;
      throw new PartnerRejectedError(`GPD: la posizione ${iupd} non si può invalidare (stato ${stored.status ?? 'sconosciuto'})`, 409);
    },

    async fetchNoticeStatus(ctx: PartnerContext, noticeNumber: string): Promise<NoticeStatus> {
      if (!/^[0-9]{18}$/.test(noticeNumber)) throw new RangeError('Codice avviso non valido');
      // IUV = the notice number without its aux digit (3 for our notices).
      const iuv = noticeNumber.slice(1);
      const response = await apimCall(receiptsApi, 'GET', `/payments/${segment(ctx.creditorFiscalCode)}/receipts/${segment(iuv)}`, {
        accept: 'application/xml',
      });
      // GPD cannot tell "not paid" from "unknown" here: without a receipt it is simply not paid yet.
      if (response.status === 404) return { state: 'unpaid' };
      if (response.status !== 200) throw rejected('GPD receipts GET /receipts/{iuv}', response);
      let parsed;
      try {
        parsed = parseReceiptXml(response.body);
      } catch (error) {
        if (error instanceof ReceiptXmlError) throw new PartnerRejectedError(`GPD receipts: ricevuta illeggibile (${error.message})`, 200);
        throw error;
      }
      const { receipt } = parsed;
      if (receipt.noticeNumber !== noticeNumber || receipt.creditorFiscalCode !== ctx.creditorFiscalCode)
        throw new PartnerRejectedError(`GPD receipts: la ricevuta per lo IUV ${iuv} riguarda un altro avviso`, 200);
      const checked = validatePartnerReceipt(receipt);
      if (!checked.success)
        throw new PartnerRejectedError(`GPD receipts: ricevuta non conforme (${checked.error.issues[0]?.path.join('.') ?? ''})`, 200);
      return { state: 'paid', receipt: checked.data };
    },

    startCheckout(ctx, request) {
      return postCart(checkoutEndpointOf(settings, secrets), ctx, request);
    },

    async testConnection(ctx: PartnerContext): Promise<ConnectionCheck[]> {
      return probeConnection(
        [
          { operation: 'Posizioni debitorie (GPD)', run: () => apimCall(gpd, 'GET', `${positionsPath(ctx)}?page=0&limit=1`) },
          {
            operation: 'Ricevute (GPD payments)',
            run: () => apimCall(receiptsApi, 'GET', `/payments/${segment(ctx.creditorFiscalCode)}/receipts?pageNum=0&pageSize=1`),
          },
        ],
        { ok: 'Raggiungibile, chiave accettata', failure: (response) => `HTTP ${response.status} ${describeProblem(response)}` },
      );
    },
  };
}
