import { and, eq } from 'drizzle-orm';
import { cartItems, positions, type Ente, type Position } from '@/db/schema';
import { payService } from '@/lib/payments/actions';
import { signPayload } from '@/lib/partners/signature';
import { sequencerIdle } from '@/lib/receipts-pipeline/trigger';
import { POST as sandboxCallback } from '@/app/api/partners/sandbox/callbacks/route';
import PaymentOutcome from '@/app/ente/[slug]/[lingua]/pagamento/esito/page';
import { CITIZEN_FISCAL_CODE } from '../support/personas';
import { captureLogs } from '../support/logs';
import { callbackBody, enteBySlug, receiptFor, sandboxSecret } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

/*
 * One payment driven through the real code paths (the citizen's action, the partner's signed push, the outcome
 * page), each step in a request of its own with the id the middleware gave it: every stage logs one line, and
 * the lines share the payment's key from the form to the receipt, without personal data.
 */

// The browser of the test: its Host, request id and cookie jar (the browser key binds the cart to it).
const mockBrowser = { headers: new Headers(), cookies: new Map<string, string>() };
jest.mock('next/headers', () => ({
  headers: async () => mockBrowser.headers,
  cookies: async () => ({
    get: (name: string) => (mockBrowser.cookies.has(name) ? { name, value: mockBrowser.cookies.get(name) } : undefined),
    set: (name: string, value: string) => void mockBrowser.cookies.set(name, value),
  }),
}));

const { db, testDb } = withTestDatabase();
const HOST = 'comune-demo.localhost:3000';
let demo: Ente;

beforeAll(async () => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = Promise.resolve(testDb().handle);
  demo = await enteBySlug(db(), 'comune-demo');
});

afterAll(() => {
  (globalThis as { __portaleDatabase?: unknown }).__portaleDatabase = undefined;
});

function asRequest(requestId: string) {
  mockBrowser.headers = new Headers({ host: HOST, 'x-forwarded-for': '203.0.113.9', 'x-request-id': requestId });
}

describe('payment logs', () => {
  it('follow one payment from the form to the receipt and the outcome page', async () => {
    let position: Position | undefined;
    let cartId = '';
    const capture = captureLogs();
    try {
      asRequest('req-modulo-0001');
      const paid = await payService({
        code: 'diritti-segreteria',
        values: {
          fields: { pratica: 'SCIA', riferimento: 'log-1' },
          debtorFiscalCode: CITIZEN_FISCAL_CODE,
          debtorName: 'Mario Rossi',
          debtorEmail: 'mario@example.it',
          amount: '12,50',
          quantity: '',
        },
      });
      expect(paid.ok).toBe(true);
      [position] = await db()
        .select()
        .from(positions)
        .where(and(eq(positions.enteId, demo.id), eq(positions.causale, 'Diritti di segreteria - SCIA log-1')));
      expect(position).toBeDefined();
      const [item] = await db().select({ cartId: cartItems.cartId }).from(cartItems).where(eq(cartItems.positionId, position!.id));
      cartId = item!.cartId;

      // The partner's push, in its own request.
      const body = callbackBody(demo, receiptFor(demo, position!, 'R-LOG-0001'));
      const push = await sandboxCallback(
        new Request('http://localhost:3000/api/partners/sandbox/callbacks', {
          method: 'POST',
          headers: {
            'x-signature': signPayload(await sandboxSecret(db(), demo.id), body, Math.floor(Date.now() / 1000)),
            'x-request-id': 'req-notifica-0001',
          },
          body,
        }),
      );
      expect(push.status).toBe(200);
      // Acknowledged once stored: the sequencer the push kicked appends the receipt right after.
      await sequencerIdle(db());

      // The citizen's browser comes back to the outcome page, which finds the receipt.
      asRequest('req-esito-00001');
      await PaymentOutcome({
        params: Promise.resolve({ slug: 'comune-demo', lingua: 'it' }),
        searchParams: Promise.resolve({ carrello: cartId, esito: 'ok' }),
      });
    } finally {
      capture.restore();
    }
    const stages = capture.lines.filter((l) => l.event === 'payment');
    const key = { noticeNumbers: [position!.noticeNumber] };
    expect(stages).toEqual([
      expect.objectContaining({ stage: 'cart_created', requestId: 'req-modulo-0001', ...key, cartId, partner: 'sandbox' }),
      expect.objectContaining({ stage: 'checkout_redirect', requestId: 'req-modulo-0001', ...key, cartId }),
      expect.objectContaining({ stage: 'push_received', requestId: 'req-notifica-0001', ...key, partner: 'sandbox' }),
      expect.objectContaining({ stage: 'receipt_appended', requestId: 'req-notifica-0001', ...key, outcome: 'receipt_created' }),
      expect.objectContaining({ stage: 'outcome_page', requestId: 'req-esito-00001', ...key, cartId, shown: 'pagato' }),
    ]);
    const written = JSON.stringify(stages);
    for (const personal of [CITIZEN_FISCAL_CODE, 'Mario', 'mario@example.it', 'SCIA', '1250'])
      expect([personal, written.includes(personal)]).toEqual([personal, false]);
  });
});
