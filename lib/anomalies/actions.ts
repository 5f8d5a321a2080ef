'use server';

import { staffAction } from '@/lib/actions/wrapper';
import { ActionError } from '@/lib/actions/result';
import { formatEuro, parseEuroInput } from '@/lib/format/money';
import { resolveAnomaly as resolve } from './queries';
import { recordRefund as record } from './refunds';
import { recordRefundSchema, resolveAnomalySchema } from './schemas';

/** Resolve an anomaly with a note: admins and operators (within their services); viewers only look. */
export const resolveAnomaly = staffAction(
  'risolvi_anomalia',
  ['ente_admin', 'ente_operator'],
  resolveAnomalySchema,
  async ({ id, nota }, { db, ente, staff, clientAddress }) => {
    const outcome = await resolve(
      db,
      { enteId: ente.id, serviceIds: staff.serviceIds },
      { id, note: nota, actorUserId: staff.userId, address: clientAddress },
    );
    if (outcome === 'not_found') throw new ActionError('Anomalia non trovata.');
    return outcome;
  },
);

/**
 * Record the refund of an anomaly's money, which resolves it: the Ente's admin only (money leaves the
 * Ente); operators see it on the anomaly's page.
 */
export const recordRefund = staffAction(
  'registra_rimborso',
  ['ente_admin'],
  recordRefundSchema,
  async ({ id, modalita, riferimento, importo, data, nota }, { db, ente, staff, clientAddress }) => {
    const outcome = await record(
      db,
      { enteId: ente.id, serviceIds: staff.serviceIds },
      {
        anomalyId: id,
        method: modalita,
        reference: riferimento,
        // The schema has checked that it parses to a positive amount.
        amountCents: parseEuroInput(importo)!,
        refundedOn: data,
        note: nota || null,
        actorUserId: staff.userId,
        address: clientAddress,
      },
    );
    if (outcome.kind === 'not_found') throw new ActionError('Anomalia non trovata.');
    if (outcome.kind === 'more_than_collected') {
      const most = `Il rimborso non può superare l’importo incassato (${formatEuro(outcome.collectedCents)}).`;
      throw new ActionError(most, { importo: most });
    }
    return outcome.kind;
  },
);
