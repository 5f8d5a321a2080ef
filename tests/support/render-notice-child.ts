/**
 * Renders an avviso outside jest: @react-pdf is ESM-only and jest's module loader cannot import it. Reads the
 * NoticeDocumentData as JSON on stdin (Buffers as { type: 'Buffer', data }) and writes the PDF to stdout.
 */
import { renderNoticePdf, type NoticeDocumentData } from '@/lib/documents/notice-pdf';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const data = JSON.parse(Buffer.concat(chunks).toString('utf8'), (_key, value: unknown) =>
    value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer'
      ? Buffer.from((value as { data: number[] }).data)
      : value,
  ) as NoticeDocumentData;
  process.stdout.write(await renderNoticePdf(data));
}

void main();
