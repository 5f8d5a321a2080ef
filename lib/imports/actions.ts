'use server';

import { staffAction } from '@/lib/actions/wrapper';
import { startImport } from './job';
import { IMPORT_ROLES } from './roles';
import { importUploadFormSchema } from './upload-schema';

/**
 * Stores an uploaded CSV and queues its import; the page then follows its progress. Sending the same
 * file twice is harmless: the second run finds every row `unchanged`.
 */
export const uploadImport = staffAction('uploadImport', IMPORT_ROLES, importUploadFormSchema, async (file, { db, ente, staff }) => {
  const id = await startImport(db, {
    enteId: ente.id,
    createdBy: staff.userId,
    filename: file.name.trim(),
    file: new Uint8Array(await file.arrayBuffer()),
  });
  return { id };
});
