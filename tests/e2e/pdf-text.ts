import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF made by @react-pdf (pdfkit) with its standard fonts, one line per text run: enough to
 * check what a statement says where no PDF tool is installed. Streams are inflated and the hex strings of
 * each TJ array joined (WinAnsi, read as Latin-1: the Italian letters come through).
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length;
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue; // Not a deflated content stream (an image, a font).
    }
    for (const array of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ/g)) {
      const hex = [...array[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
      // WinAnsi differs from Latin-1 where it matters here only at 0x80, the euro sign.
      lines.push(Buffer.from(hex, 'hex').toString('latin1').replace(/\x80/g, '€'));
    }
  }
  return lines.join('\n');
}
