import { createGpdPartner } from '@/lib/partners/gpd/partner';
import { cartsUrl, postCart } from '@/lib/partners/pagopa/checkout';
import { PartnerUnavailableError, type CheckoutRequest, type PartnerContext } from '@/lib/partners/types';
import { startCheckoutMock, type CheckoutMock, type MockCart } from '../mocks/checkout';
import { rejection } from '../support/partner-errors';

/*
 * pagoPA Checkout POST /carts (v1 and v2) against the Checkout mock, through the shared client and the
 * GPD adapter; and the mock's own payment page, which the browser tests use as pagoPA's.
 */

const ctx: PartnerContext = { creditorFiscalCode: '00754120178', companyName: 'Comune di Valmora' };
const KEY = 'checkout-key';
let mock: CheckoutMock;
const paid: MockCart[] = [];
let refused = new Set<string>();

beforeAll(async () => {
  mock = await startCheckoutMock({
    subscriptionKey: KEY,
    isPayable: (n) => !refused.has(n.noticeNumber),
    onPay: (cart) => {
      if (cart.idCart === 'fail-on-pay') throw new Error('PSP KO');
      paid.push(cart);
    },
  });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  refused = new Set();
  mock.outcomeAfterPay = 'ok';
});

const endpoint = (version: 1 | 2, subscriptionKey: string | undefined = KEY) => ({
  checkoutUrl: mock.checkoutUrl,
  checkoutVersion: version,
  subscriptionKey,
});

function request(overrides: Partial<CheckoutRequest> = {}, notices = 1): CheckoutRequest {
  return {
    cartId: `cart-${Math.random().toString(16).slice(2)}`,
    notices: Array.from({ length: notices }, (_, i) => ({
      noticeNumber: `30200000000000${String(1000 + i)}`,
      amountCents: 1000 + i,
      description: `Avviso ${i + 1}`,
    })),
    returnUrls: {
      ok: 'https://valmora.example.it/pagamento/esito?carrello=c&esito=ok',
      cancel: 'https://valmora.example.it/pagamento/esito?carrello=c&esito=annullato',
      error: 'https://valmora.example.it/pagamento/esito?carrello=c&esito=errore',
      waiting: 'https://valmora.example.it/pagamento/esito?carrello=c&esito=attesa',
    },
    ...overrides,
  };
}

/** What a browser does on the mock's page: press a button, follow nothing. */
async function press(pageUrl: string, button: 'paga' | 'annulla') {
  const html = await (await fetch(pageUrl)).text();
  const action = new RegExp(`action="([^"]+/${button})"`).exec(html)?.[1];
  expect(action).toBeDefined();
  const response = await fetch(new URL(action!, pageUrl), { method: 'POST', redirect: 'manual' });
  return { status: response.status, location: response.headers.get('location') };
}

describe('pagoPA Checkout POST /carts', () => {
  it('v2: sends every return URL (returnWaitingUrl included) and returns the Location of the 302', async () => {
    const req = request({ payerEmail: 'm@example.it' }, 2);
    const session = await postCart(endpoint(2), ctx, req);
    expect(session.sessionId).toBe(req.cartId);
    expect(session.redirectUrl).toMatch(new RegExp(`^${mock.url}/c/[0-9a-f-]{36}$`));
    const sent = mock.controls.requests.at(-1)!;
    expect(sent.path).toBe('/checkout/ec/v2/carts');
    expect(sent.headers['ocp-apim-subscription-key']).toBe(KEY);
    expect(JSON.parse(sent.body.toString('utf8'))).toEqual({
      paymentNotices: [
        {
          noticeNumber: '302000000000001000',
          fiscalCode: ctx.creditorFiscalCode,
          amount: 1000,
          companyName: 'Comune di Valmora',
          description: 'Avviso 1',
        },
        {
          noticeNumber: '302000000000001001',
          fiscalCode: ctx.creditorFiscalCode,
          amount: 1001,
          companyName: 'Comune di Valmora',
          description: 'Avviso 2',
        },
      ],
      returnUrls: {
        returnOkUrl: req.returnUrls.ok,
        returnCancelUrl: req.returnUrls.cancel,
        returnErrorUrl: req.returnUrls.error,
        returnWaitingUrl: req.returnUrls.waiting,
      },
      emailNotice: 'm@example.it',
      idCart: req.cartId,
    });
  });

  it('v1: no returnWaitingUrl; v2 without one is refused before calling', async () => {
    await postCart(endpoint(1), ctx, request());
    const sent = mock.controls.requests.at(-1)!;
    expect(sent.path).toBe('/checkout/ec/v1/carts');
    expect(JSON.parse(sent.body.toString('utf8')).returnUrls).not.toHaveProperty('returnWaitingUrl');
    const before = mock.controls.requests.length;
    await expect(
      postCart(endpoint(2), ctx, request({ returnUrls: { ok: 'https://x/ok', cancel: 'https://x/ko', error: 'https://x/err' } })),
    ).rejects.toThrow(/returnWaitingUrl/);
    expect(mock.controls.requests.length).toBe(before);
    expect(cartsUrl({ checkoutUrl: `${mock.checkoutUrl}/v1`, checkoutVersion: 2 })).toBe(`${mock.checkoutUrl}/v2/carts`);
  });

  it('is rejected on 400 (bad field), 401 (wrong key) and 422 (duplicate notices, a notice checkPosition refuses)', async () => {
    expect((await rejection(postCart(endpoint(2), ctx, request({ payerEmail: 'not-an-email' })))).status).toBe(400);
    expect((await rejection(postCart(endpoint(2, 'wrong'), ctx, request()))).status).toBe(401);
    const twice = request();
    twice.notices.push({ ...twice.notices[0]! });
    const duplicate = await rejection(postCart(endpoint(2), ctx, twice));
    expect(duplicate.status).toBe(422);
    expect(duplicate.message).toMatch(/Duplicate payment notices/);
    refused = new Set(['302000000000001000']);
    expect((await rejection(postCart(endpoint(2), ctx, request()))).status).toBe(422);
  });

  it('refuses an empty cart or more than 5 notices before calling, and the mock itself answers 422 to six', async () => {
    await expect(postCart(endpoint(2), ctx, request({}, 0))).rejects.toThrow(RangeError);
    await expect(postCart(endpoint(2), ctx, request({}, 6))).rejects.toThrow(RangeError);
    const six = request({}, 6);
    const response = await fetch(`${mock.checkoutUrl}/v2/carts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ocp-apim-subscription-key': KEY },
      body: JSON.stringify({
        paymentNotices: six.notices.map((n) => ({
          noticeNumber: n.noticeNumber,
          fiscalCode: ctx.creditorFiscalCode,
          amount: n.amountCents,
          companyName: 'C',
          description: n.description,
        })),
        returnUrls: {
          returnOkUrl: 'https://x/ok',
          returnCancelUrl: 'https://x/ko',
          returnErrorUrl: 'https://x/e',
          returnWaitingUrl: 'https://x/w',
        },
      }),
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
  });

  it('is unavailable on a 500 and on a timeout', async () => {
    mock.controls.failNext(500);
    await expect(postCart(endpoint(2), ctx, request())).rejects.toBeInstanceOf(PartnerUnavailableError);
    process.env.PARTNER_HTTP_TIMEOUT_MS = '200';
    mock.controls.delayMs = 700;
    try {
      await expect(postCart(endpoint(2), ctx, request())).rejects.toBeInstanceOf(PartnerUnavailableError);
    } finally {
      mock.controls.delayMs = 0;
      delete process.env.PARTNER_HTTP_TIMEOUT_MS;
    }
  });

  it('goes through the GPD adapter with its checkout settings and key', async () => {
    const gpd = createGpdPartner(
      'dedagroup',
      { gpdUrl: 'http://127.0.0.1:9/gpd', receiptsUrl: 'http://127.0.0.1:9/r', checkoutUrl: mock.checkoutUrl, checkoutVersion: 2 },
      { checkoutKey: KEY },
    );
    const session = await gpd.startCheckout(ctx, request());
    expect(session.redirectUrl).toMatch(/\/c\/[0-9a-f-]{36}$/);
    expect(mock.controls.requests.at(-1)!.path).toBe('/checkout/ec/v2/carts');
  });
});

describe('the Checkout mock page', () => {
  it('lists the notices accessibly and «Paga» calls onPay, then returns to returnOkUrl', async () => {
    const req = request({}, 2);
    const { redirectUrl } = await postCart(endpoint(2), ctx, req);
    const html = await (await fetch(redirectUrl)).text();
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('302000000000001001');
    expect(html).toContain('Totale: <strong>20,01 €</strong>');
    expect(html).toMatch(/<button type="submit" class="paga">Paga<\/button>/);
    expect(await press(redirectUrl, 'paga')).toEqual({ status: 303, location: req.returnUrls.ok });
    expect(paid.at(-1)!.idCart).toBe(req.cartId);
    // A paid cart cannot be paid again.
    expect((await fetch(redirectUrl)).status).toBe(409);
  });

  it('«Annulla» returns to returnCancelUrl without paying; a failing onPay to returnErrorUrl; waiting to returnWaitingUrl', async () => {
    const cancelled = request();
    const { redirectUrl } = await postCart(endpoint(2), ctx, cancelled);
    const paidBefore = paid.length;
    expect(await press(redirectUrl, 'annulla')).toEqual({ status: 303, location: cancelled.returnUrls.cancel });
    expect(paid.length).toBe(paidBefore);

    const failing = request({ cartId: 'fail-on-pay' });
    expect(await press((await postCart(endpoint(2), ctx, failing)).redirectUrl, 'paga')).toEqual({
      status: 303,
      location: failing.returnUrls.error,
    });

    mock.outcomeAfterPay = 'waiting';
    const waiting = request();
    expect(await press((await postCart(endpoint(2), ctx, waiting)).redirectUrl, 'paga')).toEqual({
      status: 303,
      location: waiting.returnUrls.waiting,
    });
  });

  it('answers 404 for an unknown cart', async () => {
    expect((await fetch(`${mock.url}/c/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
  });
});
