import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/db';
import { enti, importRejects, positionImports, type Service } from '@/db/schema';
import { decideEnteAccess } from '@/lib/auth/access';
import { amountRuleProblem } from '@/lib/catalogue/amount-rule';
import { listActiveServices } from '@/lib/catalogue/queries';
import { applyBatch, type ImportCounts, type RejectedRow } from './apply-batch';
import type { ReadyRow } from './classify';
import { IMPORT_COLUMNS } from './csv-format';
import { IMPORT_ROLES } from './roles';
import { readCsvLines, type CsvLine } from './csv-reader';
import { checkImportRow, type RowProblem } from './row-schema';

/** Rows per transaction: large enough for set-based statements to pay off, small enough for a lively progress bar. */
export const IMPORT_BATCH_ROWS = 1000;

/** Rows validated between two turns of the event loop while a batch is in flight (about a millisecond of work). */
const YIELD_EVERY_ROWS = 50;

export interface ImportProgress extends ImportCounts {
  processedRows: number;
  totalRows: number;
}

export interface RunImportOptions {
  /** After each committed batch (the job extends its lock here, the CLI prints progress). */
  onBatch?: (progress: ImportProgress) => Promise<void> | void;
  batchRows?: number;
}

/** The import cannot start at all (wrong header, no permission left): the import is marked failed with this message. */
export class ImportFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportFailedError';
  }
}

/** Stores an uploaded file as a queued import of this Ente. */
export async function createImport(
  db: Database,
  input: { enteId: string; createdBy: string | null; filename: string; file: Uint8Array },
): Promise<string> {
  const [row] = await db
    .insert(positionImports)
    .values({
      enteId: input.enteId,
      createdBy: input.createdBy,
      filename: input.filename.slice(0, 200) || 'importazione.csv',
      file: Buffer.from(input.file),
    })
    .returning({ id: positionImports.id });
  return row!.id;
}

function countDataRows(file: Uint8Array): number {
  let lines = 0;
  for (let i = file.indexOf(0x0a); i !== -1; i = file.indexOf(0x0a, i + 1)) lines++;
  if (file.length > 0 && file[file.length - 1] !== 0x0a) lines++;
  return Math.max(0, lines - 1);
}

/** The services the importing person may load positions of, by code (null user: the command line, every service). */
async function servicesInScope(db: Database, enteId: string, userId: string | null): Promise<Map<string, Service>> {
  let allowed: string[] | null = null;
  if (userId) {
    const decision = await decideEnteAccess(db, userId, enteId, IMPORT_ROLES);
    if (decision.kind !== 'ok') throw new ImportFailedError('Chi ha caricato il file non ha più il permesso di importare posizioni');
    allowed = decision.staff.serviceIds;
  }
  const active = await listActiveServices(db, enteId);
  return new Map(active.filter((s) => allowed === null || allowed.includes(s.id)).map((s) => [s.code, s]));
}

/** The service checks of a well-formed row: known, active, within the person's scope, amount within its rule. */
function serviceProblem(service: Service | undefined, code: string, cents: number): RowProblem | null {
  if (!service) return { column: 'servizio', value: code, reason: 'Servizio sconosciuto, non attivo o non tra quelli che puoi gestire' };
  if (cents === 0) return null;
  const problem = amountRuleProblem(service.amountRule, cents);
  return problem ? { column: 'importo', value: (cents / 100).toFixed(2).replace('.', ','), reason: problem } : null;
}

/** One data line → a row ready to apply, or its rejection. `seen` keeps the file's id_esterno values: the first wins. */
function checkLine(line: CsvLine, services: Map<string, Service>, seen: Set<string>): ReadyRow | RejectedRow {
  const { rowNumber } = line;
  if ('problem' in line) return { rowNumber, problems: [{ column: null, value: line.raw, reason: line.problem }] };
  const checked = checkImportRow(line.fields);
  if (!checked.ok) return { rowNumber, problems: checked.problems };
  const { row } = checked;
  const service = services.get(row.servizio);
  const problem = serviceProblem(service, row.servizio, row.importo);
  if (problem) return { rowNumber, problems: [problem] };
  if (seen.has(row.id_esterno)) {
    return {
      rowNumber,
      problems: [{ column: 'id_esterno', value: row.id_esterno, reason: 'id_esterno ripetuto nel file: vale solo la prima riga' }],
    };
  }
  seen.add(row.id_esterno);
  return { rowNumber, row, service: service! };
}

/**
 * Runs an import from its stored file: the same function serves the background job and the command
 * line, so both give the same result for the same file. Re-running an import starts it over (its rows
 * already applied then count as unchanged). Returns the final counts.
 */
export async function runImport(db: Database, importId: string, options: RunImportOptions = {}): Promise<ImportCounts> {
  const [job] = await db
    .select({ import: positionImports, ente: enti })
    .from(positionImports)
    .innerJoin(enti, eq(enti.id, positionImports.enteId))
    .where(eq(positionImports.id, importId));
  if (!job) throw new ImportFailedError('Importazione non trovata');
  const { import: imp, ente } = job;
  const totalRows = countDataRows(imp.file);
  await db.delete(importRejects).where(eq(importRejects.importId, importId));
  await db
    .update(positionImports)
    .set({
      status: 'running',
      startedAt: new Date(),
      totalRows,
      processedRows: 0,
      loaded: 0,
      updated: 0,
      cancelled: 0,
      unchanged: 0,
      rejected: 0,
      error: null,
    })
    .where(eq(positionImports.id, importId));
  let inFlight: Promise<void> = Promise.resolve();
  try {
    if (!ente.segregationCode) throw new ImportFailedError(`L'Ente ${ente.name} non ha un codice di segregazione`);
    const services = await servicesInScope(db, ente.id, imp.createdBy);
    const ctx = { importId, ente, userId: imp.createdBy };
    const totals: ImportCounts = { loaded: 0, updated: 0, cancelled: 0, unchanged: 0, rejected: 0 };
    const batchRows = options.batchRows ?? IMPORT_BATCH_ROWS;
    const seen = new Set<string>();
    let ready: ReadyRow[] = [];
    let rejected: RejectedRow[] = [];
    let processed = 0;
    // Pipelining: while the database applies one batch, the next one is parsed and validated here.
    const apply = async (batch: { ready: ReadyRow[]; rejected: RejectedRow[]; processed: number }) => {
      const counts = await applyBatch(db, ctx, batch.ready, batch.rejected, batch.processed);
      for (const key of Object.keys(totals) as (keyof ImportCounts)[]) totals[key] += counts[key];
      await options.onBatch?.({ ...totals, processedRows: batch.processed, totalRows });
    };
    const flush = async () => {
      await inFlight;
      inFlight = apply({ ready, rejected, processed });
      // Marked as handled now; a failure still surfaces at the next `await inFlight`.
      inFlight.catch(() => {});
      ready = [];
      rejected = [];
    };

    let header = true;
    for (const line of readCsvLines(imp.file)) {
      if (header) {
        header = false;
        const names = 'fields' in line ? line.fields.map((f) => f.trim().toLowerCase()) : [];
        if (names.join(';') !== IMPORT_COLUMNS.join(';')) {
          throw new ImportFailedError(`La prima riga deve essere l'intestazione: ${IMPORT_COLUMNS.join(';')}`);
        }
        continue;
      }
      processed++;
      const outcome = checkLine(line, services, seen);
      if ('problems' in outcome) rejected.push(outcome);
      else ready.push(outcome);
      if (ready.length + rejected.length >= batchRows) await flush();
      // Validation is synchronous: let the database client move the batch in flight along now and then.
      else if (processed % YIELD_EVERY_ROWS === 0) await new Promise(setImmediate);
    }
    if (header) throw new ImportFailedError(`Il file è vuoto: manca l'intestazione ${IMPORT_COLUMNS.join(';')}`);
    await flush();
    await inFlight;
    await db.update(positionImports).set({ status: 'done', finishedAt: new Date() }).where(eq(positionImports.id, importId));
    return totals;
  } catch (error) {
    // A batch still in flight settles before the import is marked failed.
    await inFlight.catch(() => {});
    const message = error instanceof ImportFailedError ? error.message : 'Importazione interrotta da un errore imprevisto';
    await db
      .update(positionImports)
      .set({ status: 'failed', error: message, finishedAt: new Date() })
      .where(and(eq(positionImports.id, importId), inArray(positionImports.status, ['queued', 'running'])));
    throw error;
  }
}
