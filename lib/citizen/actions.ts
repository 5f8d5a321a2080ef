'use server';

import type { Database } from '@/db';
import type { Position } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { signedInAction } from '@/lib/actions/wrapper';
import { ensureBrowserKeyHash } from '@/lib/payments/browser-key';
import { checkoutForBrowser } from '@/lib/payments/browser-checkout';
import { addToCart } from '@/lib/payments/cart';
import { findOwnPayablePositions } from './queries';
import { ownPositionSchema, ownPositionsSchema } from './schemas';

/*
 * Paying from «I miei pagamenti». The signed-in person needs no notice number: their codice fiscale,
 * proved by SPID/CIE, is the proof of possession. The ids come from the browser, so each is checked
 * again here: of this Ente (from the Host), owed by the session's fiscal code, still payable.
 */

const NOT_YOURS = 'Uno degli avvisi scelti non è tra quelli che puoi pagare: ricarica la pagina e riprova.';

async function ownPayable(db: Database, enteId: string, fiscalCode: string, ids: string[]): Promise<Position[]> {
  const unique = [...new Set(ids)];
  const found = await findOwnPayablePositions(db, enteId, fiscalCode, unique);
  if (found.length !== unique.length) throw new ActionError(NOT_YOURS);
  return unique.map((id) => found.find((p) => p.id === id)!);
}

/** Pays 1-5 of the person's own positions of this Ente in one checkout. */
export const payOwnPositions = signedInAction(
  'payOwnPositions',
  ownPositionsSchema,
  async ({ positionIds }, { db, ente, session, locale }) => {
    const own = await ownPayable(db, ente.id, session.fiscalCode, positionIds);
    return checkoutForBrowser(
      db,
      ente,
      own.map((p) => p.id),
      { payerEmail: own[0]!.debtorEmail ?? undefined, noticeNumber: own[0]!.noticeNumber, locale },
    );
  },
);

/** Puts one of the person's own positions in this browser's cart. */
export const addOwnPositionToCart = signedInAction(
  'addOwnPositionToCart',
  ownPositionSchema,
  async ({ positionId }, { db, ente, session }) => {
    const [position] = await ownPayable(db, ente.id, session.fiscalCode, [positionId]);
    return { size: await addToCart(db, ente, await ensureBrowserKeyHash(), position!) };
  },
);
