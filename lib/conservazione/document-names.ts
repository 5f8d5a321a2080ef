import type { Receipt } from '@/db/schema';

/*
 * The names a receipt's documents carry in every package (SacER SIP, SInCRO ZIP, metadata). They are built
 * from the row id, a UUID: pagoPA's receiptId may be any text up to 1024 characters
 * (lib/partners/receipt-schema.ts), unfit for file names and keys. The receiptId is in the metadata.
 */

export interface DocumentNames {
  /** IdDoc/Identificativo of the receipt and the SIP's DocumentoPrincipale IDDocumento. */
  rtDocumentId: string;
  /** The same for the PDF, the one attachment. */
  pdfDocumentId: string;
  rtFileName: string;
  pdfFileName: string;
  metadataFileName: string;
}

export function documentNames(receipt: Pick<Receipt, 'id' | 'originalFormat'>): DocumentNames {
  const base = `RT-${receipt.id}`;
  return {
    rtDocumentId: base,
    pdfDocumentId: `PDF-${receipt.id}`,
    rtFileName: `${base}.${receipt.originalFormat === 'json' ? 'json' : 'xml'}`,
    pdfFileName: `${base}.pdf`,
    metadataFileName: `${base}.metadati.xml`,
  };
}
