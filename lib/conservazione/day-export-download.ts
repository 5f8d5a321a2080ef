import { and, desc, eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { conservazioneExports } from '@/db/schema';
import type { ExportDownload } from './queries';

/**
 * The SInCRO ZIP of an Ente's day, for the API: the newest export of that day (a day is exported again after
 * a «riprova»), byte for byte as recorded; undefined when the day has none. `day` is `AAAA-MM-GG`, parsed.
 */
export async function findDayExport(db: Database, enteId: string, day: string): Promise<ExportDownload | undefined> {
  const [row] = await db
    .select({ fileName: conservazioneExports.fileName, sha256: conservazioneExports.sha256, zip: conservazioneExports.zip })
    .from(conservazioneExports)
    .where(and(eq(conservazioneExports.enteId, enteId), eq(conservazioneExports.day, day)))
    .orderBy(desc(conservazioneExports.createdAt), desc(conservazioneExports.id))
    .limit(1);
  return row;
}
