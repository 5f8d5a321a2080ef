'use server';

import { z } from 'zod';
import { ActionError } from '@/lib/actions/result';
import { staffAction } from '@/lib/actions/wrapper';
import { uuidSchema } from '@/lib/validation/ids';
import { requestAvvisiZip } from './avvisi-zip';
import { findImport } from './queries';
import { IMPORT_ROLES } from './roles';

/**
 * Builds in the background the ZIP of the avvisi of an import the person may see. A second click while
 * it is being built changes nothing.
 */
export const prepareAvvisi = staffAction(
  'prepareAvvisi',
  IMPORT_ROLES,
  z.object({ importId: uuidSchema }),
  async ({ importId }, { db, ente, staff }) => {
    const imported = await findImport(db, ente.id, staff, importId);
    if (!imported) throw new ActionError('Importazione non trovata');
    if (imported.status !== 'done') throw new ActionError('Gli avvisi si preparano quando l’importazione è completata');
    await requestAvvisiZip(db, ente.id, importId);
    return { queued: true };
  },
);
