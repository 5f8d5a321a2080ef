import { z } from 'zod';
import { MAX_CART_NOTICES } from '@/lib/payments/cart';
import { uuidSchema } from '@/lib/validation/ids';

/** The citizen's own positions to pay in one checkout: 1 to 5 ids, each one checked again on the server. */
export const ownPositionsSchema = z.object({
  positionIds: z
    .array(uuidSchema, { message: 'Scegli gli avvisi da pagare' })
    .min(1, 'Scegli almeno un avviso da pagare')
    .max(MAX_CART_NOTICES, `Puoi pagare insieme al massimo ${MAX_CART_NOTICES} avvisi`),
});

export const ownPositionSchema = z.object({ positionId: uuidSchema });

/** The «Pagamenti effettuati» page cursor from the query string; anything else is the first page. */
export const paymentsCursorSchema = uuidSchema.optional().catch(undefined);
