import { headers } from 'next/headers';
import { Document } from '@/app/_components/document';
import { UnknownEnte } from '@/app/_components/unknown-ente';

/**
 * Reached when the subdomain names no active Ente and the middleware's existence check did not catch it
 * (the Ente was switched off in between): without server-rendered HTML, as notFound() gives in Next 15.
 */
export default async function EnteNotFound() {
  return (
    <Document locale="it">
      <UnknownEnte host={(await headers()).get('host') ?? ''} />
    </Document>
  );
}
