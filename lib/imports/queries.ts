import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { importRejects, positionImports } from '@/db/schema';
import type { EnteStaff } from '@/lib/auth/access';
import { countImportAvvisi } from './avvisi-zip';
import { IMPORT_COLUMNS, csvLine } from './csv-format';

/**
 * Which imports a member of staff may see: every import of the Ente, except for an operator limited to
 * some services, who sees only their own (an import may touch any service; theirs were checked against their scope).
 */
function visibleTo(enteId: string, staff: Pick<EnteStaff, 'userId' | 'serviceIds'>): SQL {
  return staff.serviceIds === null
    ? eq(positionImports.enteId, enteId)
    : and(eq(positionImports.enteId, enteId), eq(positionImports.createdBy, staff.userId))!;
}

const SUMMARY = {
  id: positionImports.id,
  filename: positionImports.filename,
  status: positionImports.status,
  totalRows: positionImports.totalRows,
  processedRows: positionImports.processedRows,
  loaded: positionImports.loaded,
  updated: positionImports.updated,
  cancelled: positionImports.cancelled,
  unchanged: positionImports.unchanged,
  rejected: positionImports.rejected,
  error: positionImports.error,
  createdAt: positionImports.createdAt,
  finishedAt: positionImports.finishedAt,
  avvisiStatus: positionImports.avvisiStatus,
  avvisiDone: positionImports.avvisiDone,
};

export type ImportSummary = NonNullable<Awaited<ReturnType<typeof findImport>>>;

/** The latest imports of the Ente (newest first) the person may see. */
export async function listImports(db: Database, enteId: string, staff: Pick<EnteStaff, 'userId' | 'serviceIds'>, limit = 50) {
  return db.select(SUMMARY).from(positionImports).where(visibleTo(enteId, staff)).orderBy(desc(positionImports.createdAt)).limit(limit);
}

/** One import, or undefined when it is another Ente's or outside the person's view: the caller answers 404 alike. */
export async function findImport(db: Database, enteId: string, staff: Pick<EnteStaff, 'userId' | 'serviceIds'>, importId: string) {
  const [row] = await db
    .select(SUMMARY)
    .from(positionImports)
    .where(and(eq(positionImports.id, importId), visibleTo(enteId, staff)));
  return row;
}

const REJECTS_HEADER = ['riga', 'colonna', 'valore', 'motivo'];

/** The rejects file of an import (UTF-8 with BOM so spreadsheets read accents), in file order. */
export async function rejectsCsv(db: Database, importId: string): Promise<string> {
  const rows = await db
    .select()
    .from(importRejects)
    .where(eq(importRejects.importId, importId))
    .orderBy(
      asc(importRejects.rowNumber),
      sql`array_position(array[${sql.join(
        IMPORT_COLUMNS.map((c) => sql`${c}`),
        sql`, `,
      )}]::text[], ${importRejects.column}::text) nulls first`,
    );
  return (
    '\ufeff' + csvLine(REJECTS_HEADER) + rows.map((r) => csvLine([String(r.rowNumber), r.column ?? '', r.value ?? '', r.reason])).join('')
  );
}

/** What the result page shows and polls: counts and states, nothing personal. */
export type ImportProgressView = Pick<
  ImportSummary,
  | 'status'
  | 'totalRows'
  | 'processedRows'
  | 'loaded'
  | 'updated'
  | 'cancelled'
  | 'unchanged'
  | 'rejected'
  | 'error'
  | 'avvisiStatus'
  | 'avvisiDone'
> & { avvisiTotal: number };

export async function importProgress(db: Database, s: ImportSummary): Promise<ImportProgressView> {
  const { status, totalRows, processedRows, loaded, updated, cancelled, unchanged, rejected, error, avvisiStatus, avvisiDone } = s;
  const avvisiTotal = status === 'done' ? await countImportAvvisi(db, s.id) : 0;
  return {
    status,
    totalRows,
    processedRows,
    loaded,
    updated,
    cancelled,
    unchanged,
    rejected,
    error,
    avvisiStatus,
    avvisiDone,
    avvisiTotal,
  };
}
