import { DOMParser } from '@xmldom/xmldom';
import { renderToStaticMarkup } from 'react-dom/server';

/*
 * The return page when pagoPA Checkout v2 sends the payer to returnWaitingUrl (esito=attesa): the outcome
 * is not known yet, so the page says so, keeps refreshing and leaves the cart open. Rendered with its data
 * sources replaced: what is under test is which state it shows.
 */

const closeCartOnReturn = jest.fn();
let receipt: { id: string } | null = null;

jest.mock('@/db', () => ({ getDb: async () => ({}) }));
// The page logs its stage with the request's id (lib/payments/payment-log.ts).
jest.mock('next/headers', () => ({ headers: async () => new Headers({ 'x-request-id': 'req-esito-test' }) }));
jest.mock('@/lib/tenancy/current-ente', () => ({ requireEnte: async () => ({ id: 'ente-1', name: 'Comune di Valmora' }) }));
jest.mock('@/lib/payments/browser-key', () => ({ currentBrowserKeyHash: async () => 'hash' }));
jest.mock('@/lib/payments/cart-lifecycle', () => ({ closeCartOnReturn: (...args: unknown[]) => closeCartOnReturn(...args) }));
jest.mock('@/lib/payments/queries', () => ({
  findBrowserCart: async () => ({
    cart: { id: '6f0c5a4e-2b1d-4c3e-9f8a-7b6c5d4e3f2a' },
    items: [
      {
        position: { id: 'p1', status: 'valid', amountCents: 4501, causale: 'Mensa marzo', noticeNumber: '302000000000001000' },
        receipt: receipt && { ...receipt, pspName: 'Intesa', paymentDateTime: new Date('2026-11-27T10:00:00Z'), receiptId: 'R1' },
      },
    ],
  }),
}));
jest.mock('@/app/_components/pay-buttons', () => ({ RetryButton: () => null }));
jest.mock('@/app/ente/[slug]/[lingua]/pagamento/esito/auto-refresh', () => ({
  AutoRefresh: ({ everyMs }: { everyMs?: number }) => <span data-auto-refresh={everyMs ?? 3000} />,
}));

async function render(esito: string) {
  const { default: PaymentOutcome } = await import('@/app/ente/[slug]/[lingua]/pagamento/esito/page');
  const element = await PaymentOutcome({
    params: Promise.resolve({ slug: 'valmora', lingua: 'it' }),
    searchParams: Promise.resolve({ carrello: '6f0c5a4e-2b1d-4c3e-9f8a-7b6c5d4e3f2a', esito }),
  });
  return new DOMParser().parseFromString(`<body>${renderToStaticMarkup(element)}</body>`, 'text/html');
}

describe('payment outcome page, esito=attesa', () => {
  beforeEach(() => {
    receipt = null;
    closeCartOnReturn.mockReset();
  });

  it('says the outcome is not known yet, announces it, keeps refreshing and leaves the cart open', async () => {
    const doc = await render('attesa');
    expect(doc.getElementsByTagName('h1')[0]!.textContent).toBe('Esito del pagamento non ancora disponibile');
    const status = Array.from(doc.getElementsByTagName('p')).find((p) => p.getAttribute('role') === 'status')!;
    expect(status.textContent).toMatch(/non ha ancora comunicato se il pagamento di 45,01\s€ è andato a buon fine/);
    expect(status.textContent).toContain('Non ripetere il pagamento');
    expect(doc.getElementsByTagName('span')[0]!.getAttribute('data-auto-refresh')).toBe('10000');
    expect(closeCartOnReturn).not.toHaveBeenCalled();
  });

  it('shows the payment completed once the receipt is there, whatever the return said', async () => {
    receipt = { id: 'r1' };
    const doc = await render('attesa');
    expect(doc.getElementsByTagName('h1')[0]!.textContent).toBe('Pagamento completato');
  });

  it('keeps the ordinary «in verifica» state for esito=ok', async () => {
    const doc = await render('ok');
    expect(doc.getElementsByTagName('h1')[0]!.textContent).toBe('Pagamento in verifica');
  });
});
