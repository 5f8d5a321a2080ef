import { eq } from 'drizzle-orm';
import { carts } from '@/db/schema';
import { CheckoutError, startCheckout } from '@/lib/payments/checkout';
import { PartnerRejectedError, PartnerUnavailableError } from '@/lib/partners/types';
import { fakePartner } from '../support/fake-partner';
import { enteBySlug, newPosition } from '../support/payments';
import { withTestDatabase } from '../support/test-db';

/*
 * When the partner's Checkout refuses or is down, the citizen gets an Italian message and a cart that was
 * never started, never a 500: pagoPA down is worth a retry, a 422 (a notice already being paid) says so,
 * any other refusal is ours to fix.
 */

const { db } = withTestDatabase();

async function attempt(error: Error): Promise<{ thrown: unknown; cartStatuses: string[] }> {
  const ente = await enteBySlug(db(), 'comune-demo');
  const position = await newPosition(db(), ente, 1500);
  const { resolvePartner } = fakePartner(['register', 'checkout'], () => ({
    startCheckout: async () => {
      throw error;
    },
  }));
  const thrown = await startCheckout(db(), ente, [position.id], resolvePartner).catch((e: unknown) => e);
  const rows = await db().select({ status: carts.status }).from(carts).where(eq(carts.enteId, ente.id));
  return { thrown, cartStatuses: rows.map((r) => r.status) };
}

describe('a Checkout that refuses or is down', () => {
  it('pagoPA unreachable: a retryable message, the cart not started', async () => {
    const { thrown, cartStatuses } = await attempt(new PartnerUnavailableError('HTTP 503'));
    expect(thrown).toBeInstanceOf(CheckoutError);
    expect(thrown).toMatchObject({ retryable: true, message: expect.stringContaining('non risponde') });
    expect(cartStatuses).not.toContain('started');
  });

  it('a 422 (a notice already being paid): says so, not retryable', async () => {
    const { thrown } = await attempt(new PartnerRejectedError('Checkout POST /carts: HTTP 422', 422));
    expect(thrown).toMatchObject({ retryable: false, message: expect.stringContaining('già in corso il pagamento') });
  });

  it('any other refusal: a generic message, nothing of the partner’s text', async () => {
    const { thrown } = await attempt(new PartnerRejectedError('Checkout POST /carts: HTTP 400 Invalid fiscalCode 00000000000', 400));
    expect(thrown).toBeInstanceOf(CheckoutError);
    expect((thrown as Error).message).not.toContain('fiscalCode');
    expect((thrown as Error).message).toContain("contatta l'Ente");
  });

  it('a programming error is not disguised as a refusal', async () => {
    const { thrown } = await attempt(new TypeError('bug'));
    expect(thrown).toBeInstanceOf(TypeError);
  });
});
