'use server';

import { staffAction } from '@/lib/actions/wrapper';
import { ActionError } from '@/lib/actions/result';
import { resolveAnomaly as resolve } from './queries';
import { resolveAnomalySchema } from './schemas';

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
