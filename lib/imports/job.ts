import type { Database } from '@/db';
import { enqueue, type JobHandler } from '@/lib/jobs/queue';
import { ImportFailedError, createImport, runImport } from './run-import';

export const IMPORT_QUEUE = 'positions.import';

/** Queues the run of a stored import; a second call for the same import finds the first job. */
export async function enqueueImport(db: Database, importId: string): Promise<void> {
  await enqueue(db, IMPORT_QUEUE, { importId }, { singletonKey: importId, maxAttempts: 3 });
}

/**
 * The background run of an import. Each batch extends the job's lock, so a long file is not taken for
 * dead; a file that cannot be imported (bad header) is a finished job, its reason on the import.
 */
export const importJobHandler: JobHandler = async (db, payload, context) => {
  try {
    await runImport(db, String(payload.importId), {
      onBatch: async () => {
        if (!(await context.extendLock())) throw new Error('importazione presa da un altro worker');
      },
    });
  } catch (error) {
    if (!(error instanceof ImportFailedError)) throw error;
  }
};

/** An upload from the back office: stored, then run by the worker with visible progress. */
export async function startImport(db: Database, input: Parameters<typeof createImport>[1]): Promise<string> {
  const id = await createImport(db, input);
  await enqueueImport(db, id);
  return id;
}
