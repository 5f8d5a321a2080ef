import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { carts, enti, positions, receipts, reportingPayments, type Ente, type Position } from '@/db/schema';
import { issueInboundCredential, saveConnection } from '@/lib/partners/connections';
import { handleGpdReceiptPushRequest } from '@/lib/partners/gpd/receipt-push';
import { handleGovpayReceiptRequest } from '@/lib/partners/govpay/receipt-push';
import { defaultPartnerResolver } from '@/lib/partners/registry';
import { startCheckout } from '@/lib/payments/checkout';
import { pullFdrFlows } from '@/lib/reconciliation/fdr-job';
import { handleGovpayRendicontazioneRequest } from '@/lib/reconciliation/govpay-push';
import { startCheckoutMock, type CheckoutMock } from '../mocks/checkout';
import { startFdrMock, type FdrMock } from '../mocks/fdr';
import { startGovpayMock, type GovpayMock, type PushCredentials } from '../mocks/govpay';
import { startGpdMock, type GpdMock } from '../mocks/gpd';
import { connectToGovpay, govpaySettings } from '../support/govpay';
import { enteBySlug, newPosition } from '../support/payments';
import { drainSequencer } from '../support/pipeline';
import { withTestDatabase } from '../support/test-db';

/*
 * One position per real adapter, from creation to `reported`, through the mocks only: registered at the
 * partner when the payer starts the checkout, paid on the mock Checkout page (the partner then pushes the
 * receipt to our endpoint as it would), and reported in a flusso di rendicontazione — pushed by GovPay,
 * pulled from FdR 3 for GPD. Every hop is HTTP between the mocks and our route handlers.
 */

const { db } = withTestDatabase();
let portal: Server;
let portalUrl: string;

/** Our three push endpoints behind one HTTP server, dispatched like the App Router would. */
function startPortalBridge(): Promise<string> {
  portal = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const headers = new Headers();
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
        const request = new Request(url, { method: req.method, headers, body: Buffer.concat(chunks) });
        const receipt = /^\/api\/partners\/govpay\/ricevute\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
        const database = async () => db();
        const response = receipt
          ? await handleGovpayReceiptRequest(
              request,
              {
                idDominio: decodeURIComponent(receipt[1]!),
                iuv: decodeURIComponent(receipt[2]!),
                idRicevuta: decodeURIComponent(receipt[3]!),
              },
              database,
            )
          : url.pathname === '/api/partners/govpay/rendicontazioni'
            ? await handleGovpayRendicontazioneRequest(request, database)
            : url.pathname === '/api/partners/pagopa/ricevute'
              ? await handleGpdReceiptPushRequest(request, database)
              : new Response(null, { status: 404 });
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })();
    });
  });
  return new Promise((resolve) =>
    portal.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(portal.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  portalUrl = await startPortalBridge();
});

afterAll(async () => {
  await new Promise((resolve) => portal?.close(resolve));
});

const positionRow = async (id: string) => (await db().select().from(positions).where(eq(positions.id, id)))[0]!;

/**
 * Starts the checkout as the core does and presses «Paga» on the mock's page (which pushes the receipt),
 * then lets the sequencer append it; returns the cart id.
 */
async function payThroughCheckout(ente: Ente, position: Position): Promise<string> {
  const { cartId, redirectUrl } = await startCheckout(db(), ente, [position.id], defaultPartnerResolver(db()));
  const paid = await fetch(`${redirectUrl}/paga`, { method: 'POST', redirect: 'manual' });
  expect(paid.status).toBe(303);
  expect(paid.headers.get('location')).toContain(`carrello=${cartId}&esito=ok`);
  await drainSequencer(db());
  return cartId;
}

describe('GovPay: creation → registered → Checkout → pushed receipt → pushed rendicontazione → reported', () => {
  let govpay: GovpayMock;
  let checkout: CheckoutMock;
  let auth: PushCredentials;

  beforeAll(async () => {
    govpay = await startGovpayMock();
    checkout = await startCheckoutMock({
      onPay: async (cart) => {
        for (const notice of cart.paymentNotices) {
          const answer = await govpay.pushReceipt(`${portalUrl}/api/partners/govpay`, auth, govpay.pay(notice.noticeNumber));
          if (answer.status !== 201) throw new Error(`push: ${answer.status} ${answer.body}`);
        }
      },
    });
  });

  afterAll(async () => {
    await govpay?.close();
    await checkout?.close();
  });

  it('ends with the position paid, its receipt kept as received and the position reported', async () => {
    const connected = await connectToGovpay(db(), await enteBySlug(db(), 'castel-oglio'), govpay);
    const ente = connected.ente;
    auth = { username: connected.credential.principal, password: connected.credential.secret };
    await saveConnection(db(), ente.id, {
      protocol: 'govpay',
      settings: govpaySettings(govpay, { checkoutUrl: checkout.checkoutUrl, checkoutVersion: 2 }),
    });
    const position = await newPosition(db(), ente, 4501);

    const cartId = await payThroughCheckout(ente, position);
    expect([...govpay.pendenze.values()].some((p) => p.numeroAvviso === position.noticeNumber)).toBe(true);
    const paid = await positionRow(position.id);
    expect(paid).toMatchObject({ status: 'paid', registrationStatus: 'registered', reportedAt: null });
    expect((await db().select().from(carts).where(eq(carts.id, cartId)))[0]!.status).toBe('paid');
    const [receipt] = await db().select().from(receipts).where(eq(receipts.positionId, position.id));
    expect(receipt).toMatchObject({ partner: 'nordcom_tim', amountCents: 4501, originalFormat: 'xml' });

    const reported = await govpay.pushRendicontazione(`${portalUrl}/api/partners/govpay`, auth, {
      idDominio: ente.fiscalCode,
      iuv: position.iuv,
      iur: 'IUR-E2E-0001',
      indice: 1,
      importo: 45.01,
      esito: 'ESEGUITO',
      data: '2026-11-27',
      idFlusso: '2026-11-27BCITITMM-0001',
      dataFlusso: '2026-11-27T10:00:00',
      trn: 'TRN-E2E-0001',
      dataRegolamento: '2026-11-28',
      idPsp: 'BCITITMM',
    });
    expect(reported.status).toBe(201);
    expect((await positionRow(position.id)).reportedAt).toBeInstanceOf(Date);
    const [payment] = await db().select().from(reportingPayments).where(eq(reportingPayments.positionId, position.id));
    expect(payment).toMatchObject({ receiptRowId: receipt!.id, amountCents: 4501, outcome: 'EXECUTED' });
  });
});

describe('GPD + Checkout: creation → registered → Checkout → paSendRTV2 push → FdR 3 pull → reported', () => {
  const KEYS = { gpdKey: 'gpd-key', receiptsKey: 'receipts-key', checkoutKey: 'checkout-key', fdrKey: 'fdr-key' };
  let gpd: GpdMock;
  let checkout: CheckoutMock;
  let fdr: FdrMock;
  let credentials: { basic: { username: string; password: string } };

  beforeAll(async () => {
    gpd = await startGpdMock({ gpdKey: KEYS.gpdKey, receiptsKey: KEYS.receiptsKey });
    fdr = await startFdrMock({ subscriptionKey: KEYS.fdrKey });
    checkout = await startCheckoutMock({
      subscriptionKey: KEYS.checkoutKey,
      onPay: async (cart) => {
        for (const notice of cart.paymentNotices) {
          gpd.pay(notice.noticeNumber);
          const answer = await gpd.pushReceipt(`${portalUrl}/api/partners/pagopa/ricevute`, notice.noticeNumber, credentials);
          if (answer.status !== 200 || !answer.body.includes('<outcome>OK</outcome>')) throw new Error(`push: ${answer.body}`);
        }
      },
    });
  });

  afterAll(async () => {
    await gpd?.close();
    await fdr?.close();
    await checkout?.close();
  });

  it('ends with the position paid and reported by the flow FdR publishes', async () => {
    await db().update(enti).set({ partner: 'unimatica' }).where(eq(enti.slug, 'ronchi-franciacorta'));
    const ente = await enteBySlug(db(), 'ronchi-franciacorta');
    await saveConnection(
      db(),
      ente.id,
      {
        protocol: 'gpd_checkout',
        settings: {
          gpdUrl: gpd.gpdUrl,
          receiptsUrl: gpd.receiptsUrl,
          fdrUrl: fdr.url,
          checkoutUrl: checkout.checkoutUrl,
          checkoutVersion: 2,
        },
      },
      { secrets: KEYS },
    );
    const { principal, secret } = await issueInboundCredential(db(), ente.id, 'basic', 'broker-ronchi');
    credentials = { basic: { username: principal, password: secret } };
    const position = await newPosition(db(), ente, 1250);

    await payThroughCheckout(ente, position);
    expect(await positionRow(position.id)).toMatchObject({ status: 'paid', registrationStatus: 'registered', reportedAt: null });
    const [receipt] = await db().select().from(receipts).where(eq(receipts.positionId, position.id));
    expect(receipt).toMatchObject({ partner: 'unimatica', amountCents: 1250, originalFormat: 'xml' });

    fdr.state.flows.push({
      organizationId: ente.fiscalCode,
      fdr: '2026-11-27UNCRITMM-0001',
      pspId: 'UNCRITMM',
      pspName: 'UniCredit',
      revision: 1,
      published: new Date().toISOString(),
      fdrDate: new Date().toISOString(),
      regulation: 'SCT-RONCHI-0001',
      regulationDate: '2026-11-28',
      payments: [
        { index: 1, iuv: position.iuv, iur: 'IUR-GPD-0001', idTransfer: 1, pay: 12.5, payStatus: 'EXECUTED', payDate: '2026-11-27' },
      ],
    });
    expect(await pullFdrFlows(db(), ente.id)).toMatchObject({ listed: 1, imported: 1 });
    expect((await positionRow(position.id)).reportedAt).toBeInstanceOf(Date);
    // Pulling again finds nothing new and changes nothing.
    expect(await pullFdrFlows(db(), ente.id)).toMatchObject({ imported: 0 });
  });
});
