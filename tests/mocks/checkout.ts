import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseJson, sendProblem, startHttpMock, type MockControls } from './http-mock';

/*
 * A mock of pagoPA Checkout's EC API (`POST /checkout/ec/v1|v2/carts`, reference partners.md §2.4) with
 * its own payment page `/c/{id}` standing for checkout.pagopa.it. «Paga» calls the `onPay` hook that
 * whoever composes the mocks supplies (the GPD or GovPay mock's pay + push), then sends the payer to
 * returnOkUrl (or returnWaitingUrl, v2, when `outcomeAfterPay` is 'waiting'); «Annulla» to returnCancelUrl.
 */

export interface MockCartNotice {
  noticeNumber: string;
  fiscalCode: string;
  amount: number;
  companyName: string;
  description: string;
}

export interface MockCart {
  id: string;
  version: 1 | 2;
  paymentNotices: MockCartNotice[];
  returnUrls: { returnOkUrl: string; returnCancelUrl: string; returnErrorUrl: string; returnWaitingUrl?: string };
  emailNotice?: string;
  idCart?: string;
  state: 'open' | 'paid' | 'cancelled' | 'failed';
}

export interface CheckoutMockOptions {
  /** Ocp-Apim-Subscription-Key required on POST /carts (absent: none required). */
  subscriptionKey?: string;
  /** The Nodo's checkPosition: false makes the cart a 422 (e.g. a notice already being paid). */
  isPayable?: (notice: MockCartNotice) => boolean;
  /** Called when the payer presses «Paga»; a throw sends the payer to returnErrorUrl. */
  onPay?: (cart: MockCart) => Promise<void> | void;
}

export interface CheckoutMock {
  url: string;
  /** What the adapter's settings.checkoutUrl should be (the adapter appends /v1|/v2/carts). */
  checkoutUrl: string;
  controls: MockControls;
  carts: Map<string, MockCart>;
  /** After «Paga»: 'ok' → returnOkUrl, 'waiting' → returnWaitingUrl (v2 only; v1 falls back to ok). */
  outcomeAfterPay: 'ok' | 'waiting';
  options: CheckoutMockOptions;
  close(): Promise<void>;
}

const MAX_NOTICES = 5;
const httpUrl = (v: unknown) => typeof v === 'string' && /^https?:\/\/\S+$/.test(v) && v.length <= 2000;
const text = (v: unknown, max: number) => typeof v === 'string' && v.length >= 1 && v.length <= max;

type CartCheck = { status: 400 | 422; detail: string } | { cart: Omit<MockCart, 'id' | 'state'> };

function checkCart(body: unknown, version: 1 | 2, isPayable: (n: MockCartNotice) => boolean): CartCheck {
  if (!body || typeof body !== 'object') return { status: 400, detail: 'Invalid request body' };
  const b = body as Record<string, unknown>;
  if (!Array.isArray(b.paymentNotices) || b.paymentNotices.length < 1)
    return { status: 400, detail: 'paymentNotices: size must be at least 1' };
  const notices: MockCartNotice[] = [];
  for (const raw of b.paymentNotices as unknown[]) {
    const n = (raw ?? {}) as Record<string, unknown>;
    if (typeof n.noticeNumber !== 'string' || !/^[0-9]{18}$/.test(n.noticeNumber))
      return { status: 400, detail: 'noticeNumber must be 18 digits' };
    if (typeof n.fiscalCode !== 'string' || !/^[0-9]{11}$/.test(n.fiscalCode))
      return { status: 400, detail: 'fiscalCode must be 11 digits' };
    if (typeof n.amount !== 'number' || !Number.isSafeInteger(n.amount) || n.amount < 1)
      return { status: 400, detail: 'amount must be an integer ≥ 1' };
    if (!text(n.companyName, 140)) return { status: 400, detail: 'companyName: 1..140 characters' };
    if (!text(n.description, 140)) return { status: 400, detail: 'description: 1..140 characters' };
    notices.push({
      noticeNumber: n.noticeNumber,
      fiscalCode: n.fiscalCode,
      amount: n.amount,
      companyName: n.companyName as string,
      description: n.description as string,
    });
  }
  const urls = (b.returnUrls ?? {}) as Record<string, unknown>;
  if (!httpUrl(urls.returnOkUrl) || !httpUrl(urls.returnCancelUrl) || !httpUrl(urls.returnErrorUrl))
    return { status: 400, detail: 'returnUrls: returnOkUrl, returnCancelUrl and returnErrorUrl are required' };
  if (version === 2 && !httpUrl(urls.returnWaitingUrl)) return { status: 400, detail: 'returnUrls.returnWaitingUrl is required' };
  if (b.emailNotice !== undefined && !(typeof b.emailNotice === 'string' && /^\S+@\S+\.\S+$/.test(b.emailNotice)))
    return { status: 400, detail: 'emailNotice is not an e-mail address' };
  if (b.idCart !== undefined && !text(b.idCart, 255)) return { status: 400, detail: 'idCart must be a string' };
  if (notices.length > MAX_NOTICES) return { status: 422, detail: `Too many payment notices: at most ${MAX_NOTICES}` };
  const seen = new Set(notices.map((n) => `${n.fiscalCode}${n.noticeNumber}`));
  if (seen.size !== notices.length) return { status: 422, detail: 'Duplicate payment notices in the cart' };
  const refused = notices.find((n) => !isPayable(n));
  if (refused) return { status: 422, detail: `Notice ${refused.noticeNumber} cannot be paid (checkPosition KO)` };
  return {
    cart: {
      version,
      paymentNotices: notices,
      returnUrls: {
        returnOkUrl: urls.returnOkUrl as string,
        returnCancelUrl: urls.returnCancelUrl as string,
        returnErrorUrl: urls.returnErrorUrl as string,
        ...(httpUrl(urls.returnWaitingUrl) ? { returnWaitingUrl: urls.returnWaitingUrl as string } : {}),
      },
      ...(typeof b.emailNotice === 'string' ? { emailNotice: b.emailNotice } : {}),
      ...(typeof b.idCart === 'string' ? { idCart: b.idCart } : {}),
    },
  };
}

const escapeHtml = (value: string) =>
  value.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!);
const euro = (cents: number) => `${Math.floor(cents / 100).toLocaleString('it-IT')},${String(cents % 100).padStart(2, '0')} €`;

function page(res: ServerResponse, status: number, title: string, body: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(
    `<!doctype html><html lang="it"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
      `<title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#17324d}` +
      `button{font-size:1.1rem;min-height:44px;padding:.5rem 1.5rem;margin-right:1rem}button:focus{outline:3px solid #ff9900}` +
      `.paga{background:#0066cc;color:#fff;border:0}.annulla{background:#fff;color:#0066cc;border:2px solid #0066cc}</style></head>` +
      `<body><header><p>pagoPA Checkout (simulato)</p></header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  );
}

function cartPage(res: ServerResponse, cart: MockCart): void {
  const total = cart.paymentNotices.reduce((sum, n) => sum + n.amount, 0);
  const items = cart.paymentNotices
    .map(
      (n) =>
        `<li><strong>${escapeHtml(n.description)}</strong><br>${escapeHtml(n.companyName)} · codice avviso ` +
        `<span>${n.noticeNumber}</span> · ${euro(n.amount)}</li>`,
    )
    .join('');
  page(
    res,
    200,
    'Riepilogo del pagamento',
    `<ul aria-label="Avvisi nel carrello">${items}</ul><p>Totale: <strong>${euro(total)}</strong></p>` +
      `<form method="post" action="/c/${cart.id}/paga"><button type="submit" class="paga">Paga</button></form>` +
      `<form method="post" action="/c/${cart.id}/annulla"><button type="submit" class="annulla">Annulla</button></form>`,
  );
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}

export async function startCheckoutMock(options: CheckoutMockOptions = {}): Promise<CheckoutMock> {
  const carts = new Map<string, MockCart>();
  const mock: Pick<CheckoutMock, 'outcomeAfterPay' | 'options'> = { outcomeAfterPay: 'ok', options };
  const server = await startHttpMock(async (req, res) => {
    const url = new URL(req.path, 'http://mock');
    const post = /^\/checkout\/ec\/v([12])\/carts$/.exec(url.pathname);
    if (post && req.method === 'POST') {
      if (options.subscriptionKey !== undefined && req.headers['ocp-apim-subscription-key'] !== options.subscriptionKey)
        return sendProblem(res, 401, 'Unauthorized', 'Invalid subscription key');
      const checked = checkCart(parseJson(req.body), Number(post[1]) as 1 | 2, mock.options.isPayable ?? (() => true));
      if ('status' in checked)
        return sendProblem(res, checked.status, checked.status === 400 ? 'Bad Request' : 'Unprocessable Entity', checked.detail);
      const cart: MockCart = { ...checked.cart, id: randomUUID(), state: 'open' };
      carts.set(cart.id, cart);
      res.writeHead(302, { location: `${server.url}/c/${cart.id}` });
      res.end();
      return;
    }
    const pageMatch = /^\/c\/([0-9a-f-]{36})(?:\/(paga|annulla))?$/.exec(url.pathname);
    const cart = pageMatch ? carts.get(pageMatch[1]!) : undefined;
    if (!pageMatch || !cart) return page(res, 404, 'Carrello non trovato', '<p>Il carrello non esiste o è scaduto.</p>');
    if (req.method === 'GET' && !pageMatch[2]) {
      if (cart.state !== 'open') return page(res, 409, 'Carrello già chiuso', `<p>Questo carrello risulta ${cart.state}.</p>`);
      return cartPage(res, cart);
    }
    if (req.method !== 'POST' || cart.state !== 'open')
      return page(res, 409, 'Carrello già chiuso', `<p>Questo carrello risulta ${cart.state}.</p>`);
    if (pageMatch[2] === 'annulla') {
      cart.state = 'cancelled';
      return redirect(res, cart.returnUrls.returnCancelUrl);
    }
    try {
      await mock.options.onPay?.(cart);
    } catch {
      cart.state = 'failed';
      return redirect(res, cart.returnUrls.returnErrorUrl);
    }
    cart.state = 'paid';
    const waiting = mock.outcomeAfterPay === 'waiting' ? cart.returnUrls.returnWaitingUrl : undefined;
    return redirect(res, waiting ?? cart.returnUrls.returnOkUrl);
  });
  return Object.assign(mock, {
    url: server.url,
    checkoutUrl: `${server.url}/checkout/ec`,
    controls: server.controls,
    carts,
    close: server.close,
  }) as CheckoutMock;
}
