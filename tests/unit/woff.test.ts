import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { sfntFromWoff } from '@/lib/documents/woff';

const fontsource = (pkg: string, file: string) => readFileSync(path.join('node_modules', '@fontsource', pkg, 'files', `${file}.woff`));

/** An OpenType table checksum: its big-endian 32-bit words summed modulo 2^32 (the data is padded to 4 bytes). */
function checksum(data: Buffer): number {
  let sum = 0;
  for (let at = 0; at < data.length; at += 4) sum = (sum + data.readUInt32BE(at)) >>> 0;
  return sum;
}

describe('a WOFF font unpacked to TrueType', () => {
  it.each([
    ['titillium-web', 'titillium-web-latin-400-normal'],
    ['titillium-web', 'titillium-web-latin-ext-700-normal'],
    ['roboto-mono', 'roboto-mono-latin-500-normal'],
  ])('%s/%s: every table where the header says, with the checksum WOFF recorded for it', (pkg, file) => {
    const woff = fontsource(pkg, file);
    const sfnt = sfntFromWoff(woff);
    const count = woff.readUInt16BE(12);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
    expect(sfnt.readUInt16BE(4)).toBe(count);
    for (let i = 0; i < count; i++) {
      const [tag, recorded, offset, length] = [0, 4, 8, 12].map((field) => sfnt.readUInt32BE(12 + 16 * i + field)) as number[];
      expect(offset! % 4).toBe(0);
      expect(length).toBe(woff.readUInt32BE(44 + 20 * i + 12));
      expect(recorded).toBe(woff.readUInt32BE(44 + 20 * i + 16));
      // The head table's checksum is taken with its checkSumAdjustment at zero (OpenType «head»).
      const table = Buffer.from(sfnt.subarray(offset, offset! + Math.ceil(length! / 4) * 4));
      if (tag === 0x68656164) table.writeUInt32BE(0, 8);
      expect(checksum(table)).toBe(recorded);
    }
  });

  it('lays text out as the WOFF it came from (pdfkit reads both)', () => {
    const woff = fontsource('titillium-web', 'titillium-web-latin-400-normal');
    const width = (font: Buffer) => new PDFDocument().font(font).fontSize(10).widthOfString('Ricevuta di pagamento: 1.234,56 €');
    expect(width(sfntFromWoff(woff))).toBeGreaterThan(100);
    expect(width(sfntFromWoff(woff))).toBe(width(woff));
  });

  it('refuses what is not WOFF', () => {
    expect(() => sfntFromWoff(Buffer.from('%PDF-1.7 not a font at all, long enough for a header............'))).toThrow(
      'Non è un font WOFF',
    );
  });
});
