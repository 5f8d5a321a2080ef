import type { Database } from '@/db';
import { auditLog } from '@/db/schema';
import { formatDateTime } from '@/lib/format/date';
import { csvCell, csvStream } from '@/lib/http/csv-stream';
import { problem } from '@/lib/http/problem';
import { fieldErrorsOf } from '@/lib/validation/field-errors';
import { actionLabel, auditFilterInputOf, auditFiltersSchema, type AuditFilters } from './audit-filters';
import { eachAuditLine, type AuditLine } from './audit-log';

const COLUMNS: { header: string; value: (line: AuditLine) => string }[] = [
  { header: 'Data e ora', value: (l) => formatDateTime(l.createdAt) },
  { header: 'Ente', value: (l) => csvCell(l.enteName ?? 'Piattaforma') },
  { header: 'Utente', value: (l) => csvCell(l.actorName ?? '') },
  { header: 'E-mail utente', value: (l) => csvCell(l.actorEmail ?? '') },
  { header: 'Codice azione', value: (l) => csvCell(l.action) },
  { header: 'Azione', value: (l) => csvCell(actionLabel(l.action)) },
  { header: 'Oggetto', value: (l) => csvCell(l.targetType ?? '') },
  { header: 'Identificativo oggetto', value: (l) => csvCell(l.targetId ?? '') },
  { header: 'Dettagli', value: (l) => csvCell(l.details ? JSON.stringify(l.details) : '') },
  { header: 'Indirizzo IP', value: (l) => csvCell(l.ip ?? '') },
];

export function auditCsvStream(lines: AsyncIterable<AuditLine>): ReadableStream<Uint8Array> {
  return csvStream(
    COLUMNS.map((c) => c.header),
    lines,
    (line) => COLUMNS.map((c) => c.value(line)),
  );
}

/**
 * The audit entries the filters select as a streamed CSV. The export is itself audited: who took a copy
 * of the register, and of which part.
 */
export async function auditExportResponse(
  db: Database,
  query: URLSearchParams,
  actor: { userId: string; address: string },
  today: string,
): Promise<Response> {
  const parsed = auditFiltersSchema.safeParse(auditFilterInputOf((key) => query.get(key) ?? undefined));
  if (!parsed.success) return problem(400, 'Alcuni filtri non sono corretti', undefined, { errors: fieldErrorsOf(parsed.error) });
  const filters: AuditFilters = parsed.data;
  await db.insert(auditLog).values({
    actorUserId: actor.userId,
    action: 'registro_esportato',
    targetType: 'registro',
    details: { ...filters },
    ip: actor.address.slice(0, 45),
  });
  return new Response(auditCsvStream(eachAuditLine(db, filters)), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="registro-attivita-${today}.csv"`,
      'cache-control': 'private, no-store',
    },
  });
}
