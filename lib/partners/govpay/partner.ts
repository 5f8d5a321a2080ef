import { z } from 'zod';
import type { ConnectionSecrets, GovpaySettings } from '../connection-settings';
import { describeProblem, rejected, type PartnerHttpResponse } from '../http';
import { probeConnection } from '../connection-probes';
import { checkoutEndpointOf, postCart } from '../pagopa/checkout';
import {
  PartnerRejectedError,
  type ConnectionCheck,
  type NoticeStatus,
  type PartnerContext,
  type PartnerNotice,
  type PaymentPartner,
  type PositionForPartner,
} from '../types';
import { govpayClient, segment, type GovpayClient } from './client';
import { govpayIdPendenza, noticeFromPendenza, parsePendenza, toNuovaPendenza, type Pendenza } from './pendenza';
import { receiptOfRicevuta, ricevutaSchema, RicevutaError } from './ricevuta';

/*
 * The GovPay adapter (reference partners.md §1): positions are pendenze of API Pendenze v2, payment goes
 * through pagoPA Checkout directly (GovPay does not proxy it), receipts are pushed to our endpoint
 * (receipt-push.ts) and pulled from API Ragioneria v3 for recovery. GovPay's docs forbid polling pendenze,
 * so the status asks Ragioneria first and reads the pendenza only once, when there is no receipt.
 */

const createdSchema = z.object({ idDominio: z.string().optional(), numeroAvviso: z.string().optional() });
const ricevuteListSchema = z.object({
  risultati: z.array(z.object({ idRicevuta: z.string(), esito: z.string().optional() })).default([]),
});

export function createGovpayPartner(
  code: PaymentPartner['code'],
  settings: GovpaySettings,
  secrets: ConnectionSecrets,
  client: GovpayClient = govpayClient(settings, secrets),
): PaymentPartner {
  const pendenzaPath = (id: string) => `/pendenze/${segment(settings.idA2A)}/${segment(govpayIdPendenza(id))}`;
  const byAvvisoPath = (ctx: PartnerContext, noticeNumber: string) =>
    `/pendenze/byAvviso/${segment(ctx.creditorFiscalCode)}/${segment(noticeNumber)}`;

  async function readPendenza(where: string, path: string): Promise<Pendenza | null> {
    const response = await client.call({ method: 'GET', api: 'pendenze', path });
    if (response.status === 404) return null;
    if (response.status !== 200) throw rejected(where, response);
    return parsePendenza(where, json(where, response));
  }

  return {
    code,
    capabilities: new Set(['register', 'invalidate', 'status', 'checkout', 'receipt_push', 'receipt_pull', 'find_notice'] as const),

    async registerPosition(ctx: PartnerContext, position: PositionForPartner) {
      const where = 'GovPay PUT pendenza';
      const response = await client.call({
        method: 'PUT',
        api: 'pendenze',
        path: pendenzaPath(position.id),
        body: toNuovaPendenza(ctx, position, settings),
      });
      if (response.status !== 200 && response.status !== 201) throw rejected(where, response);
      const created = createdSchema.safeParse(response.body.length ? json(where, response) : {});
      const assigned = created.success ? created.data.numeroAvviso : undefined;
      // Our notice number is printed on the avviso and paid by the citizen: GovPay must use exactly it.
      if (assigned !== undefined && assigned !== position.noticeNumber)
        throw new PartnerRejectedError(
          `GovPay ha assegnato il numero avviso ${assigned.slice(0, 18)} invece di ${position.noticeNumber}: ` +
            'nell’applicazione del portale in GovPay va attivata la «Generazione IUV interna» (con la RegEx IUV del nostro codice di segregazione) ' +
            'e nel collegamento l’opzione dei numeri avviso propri',
          response.status,
          'NUMERO_AVVISO_DIVERSO',
        );
    },

    async invalidatePosition(ctx, position, reason) {
      const where = 'GovPay PATCH pendenza';
      const path = pendenzaPath(position.id);
      const response = await client.call({
        method: 'PATCH',
        api: 'pendenze',
        path,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'REPLACE', path: '/stato', value: 'ANNULLATA' },
          { op: 'REPLACE', path: '/descrizioneStato', value: reason.slice(0, 255) },
        ],
      });
      if (response.status === 200 || response.status === 204) return;
      const refusal = rejected(where, response);
      if (response.status !== 422 || refusal.code !== 'VER_009') throw refusal;
      // Not annullable: already annulled is what we wanted; paid is a fact the caller must face.
      const current = await readPendenza('GovPay GET pendenza', path);
      if (current?.stato === 'ANNULLATA') return;
      if (current && ['ESEGUITA', 'ESEGUITA_PARZIALE', 'INCASSATA'].includes(current.stato))
        throw new PartnerRejectedError(
          `GovPay: la pendenza dell’avviso ${position.noticeNumber} è già pagata (${current.stato})`,
          422,
          'VER_009',
        );
      throw refusal;
    },

    async fetchNoticeStatus(ctx: PartnerContext, noticeNumber: string): Promise<NoticeStatus> {
      const iuv = noticeNumber.slice(1);
      const where = 'GovPay GET ricevute';
      const list = await client.call({
        method: 'GET',
        api: 'ragioneria',
        path: '/ricevute',
        query: { idDominio: ctx.creditorFiscalCode, iuv },
      });
      if (list.status !== 200) throw rejected(where, list);
      const listed = ricevuteListSchema.safeParse(json(where, list));
      if (!listed.success) throw new PartnerRejectedError(`${where}: risposta non conforme`);
      // GovPay notifies positive receipts only; a listed negative one is not a payment.
      const found = listed.data.risultati.find((r) => r.esito === undefined || r.esito === 'ESEGUITO');
      if (found) {
        const receipt = await fetchReceipt(ctx, iuv, found.idRicevuta);
        if (receipt.noticeNumber !== noticeNumber || receipt.creditorFiscalCode !== ctx.creditorFiscalCode)
          throw new PartnerRejectedError(`${where}: la ricevuta ${found.idRicevuta.slice(0, 40)} non è dell’avviso ${noticeNumber}`);
        return { state: 'paid', receipt };
      }
      const pendenza = await readPendenza('GovPay GET pendenza per avviso', byAvvisoPath(ctx, noticeNumber));
      switch (pendenza?.stato) {
        case undefined:
          return { state: 'unknown' };
        case 'NON_ESEGUITA':
          return { state: 'unpaid' };
        case 'ANNULLATA':
          return { state: 'cancelled' };
        case 'SCADUTA':
          return { state: 'expired' };
        case 'ESEGUITA':
        case 'INCASSATA':
          return { state: 'paid_without_receipt' };
        default:
          // ESEGUITA_PARZIALE, ANOMALA: for staff to look at, not for us to decide.
          return { state: 'unknown' };
      }
    },

    async findNotice(ctx: PartnerContext, noticeNumber: string): Promise<PartnerNotice | null> {
      const pendenza = await readPendenza('GovPay GET pendenza per avviso', byAvvisoPath(ctx, noticeNumber));
      if (!pendenza) return null;
      const dominio = pendenza.idDominio ?? pendenza.dominio?.idDominio;
      if (dominio !== undefined && dominio !== ctx.creditorFiscalCode) return null;
      return noticeFromPendenza(noticeNumber, pendenza);
    },

    startCheckout(ctx, request) {
      return postCart(checkoutEndpointOf(settings, secrets), ctx, request);
    },

    async testConnection(ctx: PartnerContext): Promise<ConnectionCheck[]> {
      const firstPage = { idDominio: ctx.creditorFiscalCode, risultatiPerPagina: '1' };
      return probeConnection(
        [
          {
            operation: 'API Pendenze (lettura pendenze)',
            run: () => client.call({ method: 'GET', api: 'pendenze', path: '/pendenze', query: firstPage }),
          },
          {
            operation: 'API Ragioneria (lettura ricevute)',
            run: () => client.call({ method: 'GET', api: 'ragioneria', path: '/ricevute', query: firstPage }),
          },
        ],
        { ok: 'Risponde correttamente', failure: failureHint },
      );
    },
  };

  async function fetchReceipt(ctx: PartnerContext, iuv: string, idRicevuta: string) {
    const where = 'GovPay GET ricevuta';
    const response = await client.call({
      method: 'GET',
      api: 'ragioneria',
      path: `/ricevute/${segment(ctx.creditorFiscalCode)}/${segment(iuv)}/${segment(idRicevuta)}`,
    });
    if (response.status !== 200) throw rejected(where, response);
    const ricevuta = ricevutaSchema.safeParse(json(where, response));
    if (!ricevuta.success) throw new PartnerRejectedError(`${where}: risposta non conforme`);
    try {
      return receiptOfRicevuta(ricevuta.data, response.body);
    } catch (error) {
      if (error instanceof RicevutaError) throw new PartnerRejectedError(`${where}: ${error.message}`);
      throw error;
    }
  }
}

function json(where: string, response: PartnerHttpResponse): unknown {
  try {
    return response.json();
  } catch {
    throw new PartnerRejectedError(`${where}: risposta non JSON (HTTP ${response.status})`, response.status);
  }
}

/** What a GovPay refusal most likely means, for staff. */
function failureHint(response: PartnerHttpResponse): string {
  const hint =
    response.status === 401
      ? 'credenziali rifiutate'
      : response.status === 403
        ? 'utente non autorizzato per questo Ente'
        : `HTTP ${response.status}`;
  return `${hint} ${describeProblem(response)}`;
}
