import type { Receipt } from '@/db/schema';

const CONTENT_TYPES = { xml: 'application/xml', json: 'application/json' } as const;

/** The file name of a receipt's original document, e.g. `ricevuta-301000000000000144.xml`. */
export function originalFileName(receipt: Pick<Receipt, 'noticeNumber' | 'originalFormat'>): string {
  return `ricevuta-${receipt.noticeNumber}.${receipt.originalFormat === 'json' ? 'json' : 'xml'}`;
}

/**
 * The receipt exactly as the partner delivered it, as a download; null when none was kept. No charset is
 * added: the bytes are served as received (an XML document declares its own encoding). `nosniff`, so that
 * a browser never renders a partner's document as something else.
 */
export function originalDocumentResponse(receipt: Pick<Receipt, 'noticeNumber' | 'originalDocument' | 'originalFormat'>): Response | null {
  if (!receipt.originalDocument || (receipt.originalFormat !== 'xml' && receipt.originalFormat !== 'json')) return null;
  return new Response(new Uint8Array(receipt.originalDocument), {
    headers: {
      'content-type': CONTENT_TYPES[receipt.originalFormat],
      'content-disposition': `attachment; filename="${originalFileName(receipt)}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
    },
  });
}
