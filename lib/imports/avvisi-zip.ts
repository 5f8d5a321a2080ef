import { Zip, ZipPassThrough } from 'fflate';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, positionImports, positions } from '@/db/schema';
import { noticeDataFor } from '@/lib/documents/notice-data-loader';
import { renderNoticePdf } from '@/lib/documents/notice-pdf';
import { enqueue, type JobHandler } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';
import { identityOf } from '@/lib/provider/current';
import { findProviderProfile } from '@/lib/provider/profile';
import { findEnteLogo } from '@/lib/settings/ente-settings';

export const AVVISI_QUEUE = 'imports.avvisi';

/** Progress is written every this many notices: the page polls it, the database is spared a write per PDF. */
const PROGRESS_EVERY = 25;

/** The avvisi of an import: the positions it created or changed that can still be paid. */
const avvisiOf = (importId: string) => and(eq(positions.importId, importId), inArray(positions.status, ['valid', 'expired']));

export async function countImportAvvisi(db: Database, importId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(positions)
    .where(avvisiOf(importId));
  return row?.n ?? 0;
}

/**
 * Asks for the ZIP of a finished import's avvisi. A request while one is queued or running changes
 * nothing (a double click builds one ZIP); a new request after a finished one builds it again.
 */
export async function requestAvvisiZip(db: Database, enteId: string, importId: string): Promise<boolean> {
  const queued = await db
    .update(positionImports)
    .set({ avvisiStatus: 'queued', avvisiDone: 0, avvisiZip: null })
    .where(
      and(
        eq(positionImports.id, importId),
        eq(positionImports.enteId, enteId),
        eq(positionImports.status, 'done'),
        or(isNull(positionImports.avvisiStatus), inArray(positionImports.avvisiStatus, ['done', 'failed'])),
      ),
    )
    .returning({ id: positionImports.id });
  if (queued.length === 0) return false;
  await enqueue(db, AVVISI_QUEUE, { importId }, { singletonKey: importId, maxAttempts: 3 });
  return true;
}

/**
 * Renders every avviso of the import into one ZIP (stored, not compressed again: PDFs already are) and
 * keeps it on the import for download. `onProgress` runs after each stored progress step.
 */
export async function buildAvvisiZip(db: Database, importId: string, onProgress?: (done: number) => Promise<void>): Promise<number> {
  const [job] = await db
    .select({ ente: enti })
    .from(positionImports)
    .innerJoin(enti, eq(enti.id, positionImports.enteId))
    .where(eq(positionImports.id, importId));
  if (!job) return 0;
  await db.update(positionImports).set({ avvisiStatus: 'running', avvisiDone: 0 }).where(eq(positionImports.id, importId));
  try {
    const provider = identityOf(await findProviderProfile(db));
    const logo = (await findEnteLogo(db, job.ente.id)) ?? null;
    const rows = await db.select().from(positions).where(avvisiOf(importId)).orderBy(asc(positions.noticeNumber));
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    for (const [i, position] of rows.entries()) {
      const entry = new ZipPassThrough(`avviso-${position.noticeNumber}.pdf`);
      zip.add(entry);
      entry.push(await renderNoticePdf(await noticeDataFor(db, job.ente, position, provider, logo)), true);
      if ((i + 1) % PROGRESS_EVERY === 0) {
        await db
          .update(positionImports)
          .set({ avvisiDone: i + 1 })
          .where(eq(positionImports.id, importId));
        await onProgress?.(i + 1);
      }
    }
    zip.end();
    await db
      .update(positionImports)
      .set({ avvisiStatus: 'done', avvisiDone: rows.length, avvisiZip: Buffer.concat(chunks) })
      .where(eq(positionImports.id, importId));
    return rows.length;
  } catch (error) {
    await db.update(positionImports).set({ avvisiStatus: 'failed' }).where(eq(positionImports.id, importId));
    throw error;
  }
}

/** The background build of an avvisi ZIP; each progress step extends the job's lock. */
export const avvisiZipJobHandler: JobHandler = async (db, payload, context) => {
  const importId = String(payload.importId);
  const avvisi = await buildAvvisiZip(db, importId, async () => {
    if (!(await context.extendLock())) throw new Error('ZIP degli avvisi preso da un altro worker');
  });
  logger.info({ importId, avvisi }, 'ZIP degli avvisi pronto');
};

/** The finished ZIP of an import of this Ente, if any. */
export async function findAvvisiZip(db: Database, enteId: string, importId: string): Promise<Buffer | undefined> {
  const [row] = await db
    .select({ zip: positionImports.avvisiZip })
    .from(positionImports)
    .where(and(eq(positionImports.id, importId), eq(positionImports.enteId, enteId), eq(positionImports.avvisiStatus, 'done')));
  return row?.zip ?? undefined;
}
