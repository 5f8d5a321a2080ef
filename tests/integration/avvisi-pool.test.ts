import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { and, asc, eq, isNull } from 'drizzle-orm';
import { unzipSync } from 'fflate';
import { jobs, positionImports, positions } from '@/db/schema';
import { parseConfig } from '@/lib/config';
import { closeNoticePool, createNoticePool, noticePool, noticePoolSize, renderNotice } from '@/lib/documents/pool/notice-pool';
import { AVVISI_QUEUE, avvisiZipJobHandler, findAvvisiZip, requestAvvisiZip } from '@/lib/imports/avvisi-zip';
import { IMPORT_COLUMNS } from '@/lib/imports/csv-format';
import { createImport, runImport } from '@/lib/imports/run-import';
import { runDueJobs } from '@/lib/jobs/queue';
import { formatAmount } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import type { Ente } from '@/db/schema';
import { enteBySlug } from '../support/payments';
import { pdfPlainText } from '../support/pdf-codes';
import { withTestDatabase } from '../support/test-db';

/*
 * The import's avvisi ZIP built by the job through real PDF threads (tsx runs their TypeScript entry, as under
 * `npm run worker`): the PDFs, the pool's size, a thread that dies, and shutdown.
 */
const { db } = withTestDatabase();
let ente: Ente;

/** Rows of a clerk's CSV, ids prefixed with `prefix` (a file imported twice changes nothing the second time). */
const rows = (prefix: string, count: number) =>
  [
    ['F', 'RSSMRA80A01B157X', 'Mario Rossi', '120,50', '30/06/2027'],
    ['F', 'FRRPLA70H21B157M', 'Paolo Ferri', '98,00', '30/06/2027'],
    ['G', '00812300176', 'Esempio S.r.l.', '1250,00', '30/06/2027'],
    ['F', 'RSSMRA80A01B157X', 'Mario Rossi', '7,05', '31/07/2027'],
    ['F', 'FRRPLA70H21B157M', 'Paolo Ferri', '15,00', '31/07/2027'],
  ]
    .slice(0, count)
    .map(([type, code, name, amount, due], i) => `${prefix}-${i};${type};${code};${name};;tari;TARI 2027 utenza ${i};${amount};${due}`);

/** A finished import of `rows` with its ZIP asked for: the avvisi job is queued. */
async function importWithZipQueued(lines: string[], filename: string): Promise<string> {
  const file = Buffer.from(`${[IMPORT_COLUMNS.join(';'), ...lines].join('\n')}\n`);
  const importId = await createImport(db(), { enteId: ente.id, createdBy: null, filename, file });
  expect(await runImport(db(), importId)).toMatchObject({ loaded: lines.length, rejected: 0 });
  expect(await requestAvvisiZip(db(), ente.id, importId)).toBe(true);
  return importId;
}

async function avvisiJob(importId: string) {
  const [job] = await db()
    .select()
    .from(jobs)
    .where(and(eq(jobs.queue, AVVISI_QUEUE), eq(jobs.singletonKey, importId)));
  return job!;
}

async function importRow(importId: string) {
  const [row] = await db().select().from(positionImports).where(eq(positionImports.id, importId));
  return row!;
}

// Threads start through tsx in each test process: slow on a busy machine, hence the generous job timeout.
const JOB_TIMEOUT_MS = 150_000;

beforeAll(async () => {
  ente = await enteBySlug(db(), 'comune-demo');
  process.env.PDF_WORKERS = '2';
});

afterAll(async () => {
  delete process.env.PDF_WORKERS;
  await closeNoticePool();
});

it('sizes the pool from PDF_WORKERS, one thread per core without it', () => {
  expect(noticePoolSize(parseConfig({ PDF_WORKERS: '3' }))).toBe(3);
  expect(noticePoolSize(parseConfig({}))).toBe(availableParallelism());
  expect(() => parseConfig({ PDF_WORKERS: '0' })).toThrow(/PDF_WORKERS: deve essere almeno 1/);
  expect(() => parseConfig({ PDF_WORKERS: 'due' })).toThrow(/PDF_WORKERS: deve essere un numero/);
});

it("the job builds the import's ZIP on the PDF threads: one valid PDF per position, with its notice number", async () => {
  const importId = await importWithZipQueued(rows('POOL', 5), 'pool.csv');
  expect(await runDueJobs(db(), { [AVVISI_QUEUE]: avvisiZipJobHandler() }, { timeoutMs: JOB_TIMEOUT_MS })).toBe(1);
  expect(await importRow(importId)).toMatchObject({ avvisiStatus: 'done', avvisiDone: 5 });
  expect((await avvisiJob(importId)).doneAt).not.toBeNull();

  const imported = await db().select().from(positions).where(eq(positions.importId, importId)).orderBy(asc(positions.noticeNumber));
  const files = unzipSync(new Uint8Array((await findAvvisiZip(db(), ente.id, importId))!));
  expect(Object.keys(files)).toEqual(imported.map((p) => `avviso-${p.noticeNumber}.pdf`));
  for (const position of imported) {
    const pdf = Buffer.from(files[`avviso-${position.noticeNumber}.pdf`]!);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfPlainText(pdf);
    expect(text).toContain(formatNoticeNumber(position.noticeNumber));
    expect(text).toContain(position.debtorName!);
    expect(text).toContain(`${formatAmount(position.amountCents)} Euro`);
  }
  // Rendered by real threads, as many as PDF_WORKERS says and no more.
  expect(noticePool().size).toBe(2);
  expect(noticePool().threads).toBe(2);
}, 200_000);

it('a PDF thread that dies fails the job cleanly, and the queue retries it', async () => {
  const importId = await importWithZipQueued(rows('CRASH', 2), 'crash.csv');
  const dying = createNoticePool(
    1,
    () => new Worker(`require('node:worker_threads').parentPort.on('message', () => process.exit(9));`, { eval: true }),
  );
  try {
    await runDueJobs(db(), { [AVVISI_QUEUE]: avvisiZipJobHandler((data) => renderNotice(data, dying)) }, { timeoutMs: JOB_TIMEOUT_MS });
  } finally {
    await dying.close();
  }
  const failed = await avvisiJob(importId);
  expect(failed).toMatchObject({ attempts: 1, doneAt: null, deadAt: null, lockedBy: null });
  expect(failed.lastError).toMatch(/si è interrotto: uscito con codice 9/);
  expect(failed.runAt.getTime()).toBeGreaterThan(Date.now());
  expect(await importRow(importId)).toMatchObject({ avvisiStatus: 'failed', avvisiZip: null });

  // The retry, once due, runs on working threads.
  await db()
    .update(jobs)
    .set({ runAt: new Date() })
    .where(and(eq(jobs.id, failed.id), isNull(jobs.doneAt)));
  expect(await runDueJobs(db(), { [AVVISI_QUEUE]: avvisiZipJobHandler() }, { timeoutMs: JOB_TIMEOUT_MS })).toBe(1);
  expect(await avvisiJob(importId)).toMatchObject({ attempts: 2, deadAt: null, lastError: null });
  expect(await importRow(importId)).toMatchObject({ avvisiStatus: 'done', avvisiDone: 2 });
}, 200_000);

it('closing the pool at shutdown ends its threads; the next use starts a new pool', async () => {
  const pool = noticePool();
  expect(pool.threads).toBeGreaterThan(0);
  await closeNoticePool();
  expect(pool.threads).toBe(0);
  await expect(pool.run({} as never)).rejects.toThrow(/pool chiuso/);
  expect(noticePool()).not.toBe(pool);
  expect(noticePool().threads).toBe(0);
});
