import type { Receipt } from '@/db/schema';
import { romeDateAndTime } from '@/lib/format/rome-time';
import type { VersamentoPackage } from './conservatore';
import { sha256Of } from './digest';
import { documentNames } from './document-names';
import { buildAllegato5Metadata, MetadataError, oggettoOf, type MetadataEnte, type MetadataReceipt } from './metadata';
import type { ConservazioneSettings } from './settings';
import type { SoftwareIdentity } from './software';

export interface PackageInput {
  receipt: MetadataReceipt & Pick<Receipt, 'enteId' | 'originalDocument'>;
  ente: MetadataEnte;
  /** The ricevuta PDF (lib/documents/receipt-pdf.tsx). */
  pdf: Buffer;
  settings: ConservazioneSettings;
  software?: SoftwareIdentity;
}

/**
 * One receipt's versamento package: its original document, its PDF and its Allegato 5 metadata. The stored
 * digest is checked against the bytes first: a package must never vouch for a document it does not carry.
 */
export function buildVersamentoPackage(input: PackageInput): VersamentoPackage {
  const { receipt } = input;
  if (!receipt.originalDocument || !receipt.originalSha256) {
    throw new MetadataError('La ricevuta non ha il documento originale: non può essere conservata');
  }
  const original = sha256Of(receipt.originalDocument);
  if (original.hex !== receipt.originalSha256.toLowerCase()) {
    throw new MetadataError("L'impronta del documento originale non corrisponde: ricevuta alterata");
  }
  const pdf = sha256Of(input.pdf);
  const names = documentNames(receipt);
  const metadata = buildAllegato5Metadata({ ...input, pdfSha256: pdf.hex });
  const { date } = romeDateAndTime(receipt.paymentDateTime);
  return {
    enteId: receipt.enteId,
    receiptRowId: receipt.id,
    key: { numero: receipt.id, anno: Number(date.slice(0, 4)), registro: input.settings.registro },
    oggetto: oggettoOf(receipt),
    data: date,
    principale: {
      id: 'rt',
      documentId: names.rtDocumentId,
      fileName: names.rtFileName,
      mimeType: receipt.originalFormat === 'json' ? 'application/json' : 'application/xml',
      bytes: receipt.originalDocument,
      sha256: original.hex,
    },
    allegato: {
      id: 'pdf',
      documentId: names.pdfDocumentId,
      fileName: names.pdfFileName,
      mimeType: 'application/pdf',
      bytes: input.pdf,
      sha256: pdf.hex,
    },
    metadata,
  };
}
