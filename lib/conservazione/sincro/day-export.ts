import { zipSync, type Zippable } from 'fflate';
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { receipts, type Ente, type Receipt } from '@/db/schema';
import { romeLocalToDate } from '@/lib/format/rome-time';
import type { VersamentoPackage } from '../conservatore';
import { sha256Of } from '../digest';
import { documentNames } from '../document-names';
import { serializeAllegato5, MetadataError } from '../metadata';
import { buildVersamentoPackage } from '../package';
import type { ConservazioneSettings } from '../settings';
import { PORTAL_SOFTWARE, type SoftwareIdentity } from '../software';
import { buildPIndex, type PIndexGroup, type PIndexSigner } from './pindex-builder';

/*
 * The export for an Ente whose conservatore is not ParER: one ZIP per day with, per receipt, the original
 * RT, the ricevuta PDF and its Allegato 5 metadata, plus a SInCRO PIndex listing every file with its
 * SHA-256. The day is the Italian day the receipts entered the Ente's ledger (created_at): a late receipt
 * for an old payment is exported the day it arrives, so consecutive days never miss one.
 */

export const PINDEX_PATH = 'PIndex.xml';

export const exportDaySchema = z.iso.date({ error: 'Giorno non valido: usa il formato AAAA-MM-GG' });

export interface DayExportOptions {
  settings: ConservazioneSettings;
  /** The ricevuta PDF of a receipt (lib/documents/position-documents.ts renderStoredReceipt). */
  renderPdf: (receipt: Receipt) => Promise<Buffer>;
  /** The service centre running the portal (SInCRO CreatingApplication/Producer). */
  producer: string;
  signer?: PIndexSigner;
  software?: SoftwareIdentity;
  now?: Date;
  signal?: AbortSignal;
}

export interface DayExport {
  zip: Buffer;
  /** SHA-256 of `zip`, hex: recorded with the export so that a copy can be checked later. */
  sha256: string;
  fileName: string;
  receipts: number;
  /** Receipts of the day that could not be exported (no original document kept, digest mismatch). */
  skipped: { receiptRowId: string; reason: string }[];
}

/** The instants bounding an Italian calendar day: [from, to). */
export function dayBounds(day: string): { from: Date; to: Date } {
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  const from = romeLocalToDate(`${day}T00:00`);
  const to = romeLocalToDate(`${next.toISOString().slice(0, 10)}T00:00`);
  if (!from || !to) throw new Error(`giorno non valido: ${day}`);
  return { from, to };
}

/**
 * Builds the ZIP of an Ente's receipts of `day`; null when there were none (a SInCRO index lists at least
 * one group). Only this Ente's receipts are read. The caller has checked the role and the Ente.
 */
export async function buildSincroDayExport(db: Database, ente: Ente, day: string, options: DayExportOptions): Promise<DayExport | null> {
  const parsedDay = exportDaySchema.parse(day);
  const { from, to } = dayBounds(parsedDay);
  const rows = await db
    .select()
    .from(receipts)
    .where(and(eq(receipts.enteId, ente.id), gte(receipts.createdAt, from), lt(receipts.createdAt, to)))
    .orderBy(asc(receipts.seq));

  const generatedAt = options.now ?? new Date();
  const files: Zippable = {};
  const groups: PIndexGroup[] = [];
  const skipped: DayExport['skipped'] = [];
  for (const receipt of rows) {
    options.signal?.throwIfAborted();
    let pkg: VersamentoPackage;
    try {
      pkg = buildVersamentoPackage({
        receipt,
        ente,
        pdf: await options.renderPdf(receipt),
        settings: options.settings,
        software: options.software,
      });
    } catch (error) {
      if (!(error instanceof MetadataError)) throw error;
      skipped.push({ receiptRowId: receipt.id, reason: error.message });
      continue;
    }
    const folder = pkg.principale.documentId;
    const metadataXml = Buffer.from(serializeAllegato5(pkg.metadata), 'utf8');
    const entries = [
      {
        id: `${folder}/rt`,
        name: pkg.principale.fileName,
        bytes: pkg.principale.bytes,
        sha256: pkg.principale.sha256,
        format: pkg.principale.mimeType,
      },
      {
        id: `${folder}/pdf`,
        name: pkg.allegato.fileName,
        bytes: pkg.allegato.bytes,
        sha256: pkg.allegato.sha256,
        format: pkg.allegato.mimeType,
      },
      {
        id: `${folder}/metadati`,
        name: documentNames(receipt).metadataFileName,
        bytes: metadataXml,
        sha256: sha256Of(metadataXml).hex,
        format: 'application/xml',
      },
    ];
    for (const entry of entries) {
      // PDFs are compressed already; the XML is worth deflating.
      files[`${folder}/${entry.name}`] = [new Uint8Array(entry.bytes), { level: entry.format === 'application/pdf' ? 0 : 6 }];
    }
    groups.push({
      id: folder,
      label: `Ricevuta ${receipt.receiptId} (IUV ${receipt.creditorReferenceId})`,
      files: entries.map((e) => ({ id: e.id, path: `${folder}/${e.name}`, sha256: e.sha256, format: e.format })),
    });
  }
  if (groups.length === 0) return null;

  const pindex = buildPIndex({
    ente,
    day: parsedDay,
    generatedAt,
    software: options.software ?? PORTAL_SOFTWARE,
    producer: options.producer,
    groups,
    signer: options.signer,
  });
  files[PINDEX_PATH] = [new Uint8Array(Buffer.from(pindex, 'utf8')), { level: 6 }];
  const zip = Buffer.from(zipSync(files, { mtime: generatedAt }));
  return {
    zip,
    sha256: sha256Of(zip).hex,
    fileName: `conservazione-${ente.slug}-${parsedDay}.zip`,
    receipts: groups.length,
    skipped,
  };
}
