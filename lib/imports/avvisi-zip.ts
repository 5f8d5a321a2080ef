import { Zip, ZipPassThrough } from 'fflate';
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { enteColumns, enti, positionImports, positions } from '@/db/schema';
import { loadNoticeContext, noticeDataFor } from '@/lib/documents/notice-data-loader';
import type { NoticeDocumentData } from '@/lib/documents/avviso/notice-document-data';
import { renderNotice } from '@/lib/documents/pool/notice-pool';
import { enqueue, type JobHandler } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';

export const AVVISI_QUEUE = 'imports.avvisi';

/** Progress is written every this many notices: the page polls it, the database is spared a write per PDF. */
const PROGRESS_EVERY = 25;

/** Avvisi rendering at once, ahead of the one the ZIP waits for: a few per PDF thread on any machine. */
const RENDER_AHEAD = 32;

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

export interface AvvisiZipOptions {
  /** Renders one avviso; by default one of the process's PDF threads (lib/documents/pool). */
  render?: (data: NoticeDocumentData) => Promise<Buffer>;
  /** Runs after each stored progress step. */
  onProgress?: (done: number) => Promise<void>;
  /** Stops the build (the job timed out or lost its lock). */
  signal?: AbortSignal;
}

/**
 * Renders every avviso of the import into one ZIP (stored, not compressed again: PDFs already are) and
 * keeps it on the import for download. Avvisi render RENDER_AHEAD at a time, so every PDF thread stays
 * busy, and enter the ZIP in notice-number order. A render that fails (a thread that died included) fails
 * the whole build: the job is retried.
 */
export async function buildAvvisiZip(db: Database, importId: string, options: AvvisiZipOptions = {}): Promise<number> {
  const render = options.render ?? ((data: NoticeDocumentData) => renderNotice(data));
  const [job] = await db
    .select({ ente: enteColumns })
    .from(positionImports)
    .innerJoin(enti, eq(enti.id, positionImports.enteId))
    .where(eq(positionImports.id, importId));
  if (!job) return 0;
  await db.update(positionImports).set({ avvisiStatus: 'running', avvisiDone: 0 }).where(eq(positionImports.id, importId));
  try {
    const shared = await loadNoticeContext(db, job.ente);
    const rows = await db.select().from(positions).where(avvisiOf(importId)).orderBy(asc(positions.noticeNumber));
    const chunks: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      chunks.push(chunk);
    });
    const rendering: { name: string; pdf: Promise<Buffer> }[] = [];
    let done = 0;
    const store = async () => {
      const next = rendering.shift()!;
      const entry = new ZipPassThrough(next.name);
      zip.add(entry);
      entry.push(await next.pdf, true);
      done++;
      if (done % PROGRESS_EVERY === 0) {
        await db.update(positionImports).set({ avvisiDone: done }).where(eq(positionImports.id, importId));
        await options.onProgress?.(done);
      }
    };
    for (const position of rows) {
      options.signal?.throwIfAborted();
      const pdf = noticeDataFor(db, job.ente, position, shared).then(render);
      // Awaited in order by store(); until then a failure must not count as an unhandled rejection.
      pdf.catch(() => {});
      rendering.push({ name: `avviso-${position.noticeNumber}.pdf`, pdf });
      if (rendering.length >= RENDER_AHEAD) await store();
    }
    while (rendering.length > 0) await store();
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

/** The background build of an avvisi ZIP; each progress step extends the job's lock. `render` as in AvvisiZipOptions. */
export const avvisiZipJobHandler =
  (render?: AvvisiZipOptions['render']): JobHandler =>
  async (db, payload, context) => {
    const importId = String(payload.importId);
    const avvisi = await buildAvvisiZip(db, importId, {
      render,
      signal: context.signal,
      onProgress: async () => {
        if (!(await context.extendLock())) throw new Error('ZIP degli avvisi preso da un altro worker');
      },
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
