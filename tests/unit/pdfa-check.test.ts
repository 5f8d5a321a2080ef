import path from 'node:path';
import PDFDocument from 'pdfkit';
import { checkPdfA2b } from '../support/pdfa-check';

/*
 * The controls of our PDF/A-2b check (tests/support/pdfa-check.ts): files that pdfkit makes with and without what
 * PDF/A requires. The ricevuta itself is checked in tests/integration/receipts-spec.test.ts.
 */
const TITILLIUM = path.join('node_modules', '@fontsource', 'titillium-web', 'files', 'titillium-web-latin-400-normal.woff');

function pdfkitPdf(options: PDFKit.PDFDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', lang: 'it', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

const pdfA = { subset: 'PDF/A-2b', pdfVersion: '1.7', info: { Title: 'Ricevuta di prova', Author: 'Comune di Valmora' } } as const;
const embedded = (doc: PDFKit.PDFDocument) => doc.font(TITILLIUM).fontSize(12).text('Importo pagato 150,16 €', 72, 72);

describe('the PDF/A-2b check', () => {
  it('passes a PDF/A-2b file with an embedded font and reads its pdfaid', async () => {
    const report = checkPdfA2b(await pdfkitPdf(pdfA, embedded));
    expect(report).toEqual({ problems: [], part: '2', conformance: 'B' });
  });

  it('refuses a font that is named and not embedded (pdfkit’s built-in Helvetica)', async () => {
    const pdf = await pdfkitPdf(pdfA, (doc) => {
      embedded(doc);
      doc.font('Helvetica').text('Helvetica non è incorporato', 72, 120);
    });
    expect(checkPdfA2b(pdf).problems).toEqual(['font Helvetica non incorporato']);
  });

  it('refuses a plain PDF: old header, no XMP, no output intent', async () => {
    const { problems, part } = checkPdfA2b(await pdfkitPdf({}, embedded));
    expect(part).toBeUndefined();
    expect(problems).toEqual(
      expect.arrayContaining([
        'intestazione: non è %PDF-1.4…1.7',
        'il catalogo non ha uno stream /Metadata',
        'il catalogo non ha un /OutputIntents /GTS_PDFA1',
      ]),
    );
  });

  it('refuses an encrypted file', async () => {
    const pdf = await pdfkitPdf({ ...pdfA, userPassword: 'segreta', ownerPassword: 'segretissima' }, embedded);
    expect(checkPdfA2b(pdf).problems).toContain('il file è cifrato');
  });

  it('refuses XMP that does not parse: pdfkit copies an «&» of the Info dictionary unescaped', async () => {
    const pdf = await pdfkitPdf({ ...pdfA, info: { Title: 'Ricevuta', Author: 'Unione dei Comuni Valle & Lago' } }, embedded);
    expect(checkPdfA2b(pdf).problems).toEqual(['XMP: non è XML ben formato']);
  });

  it('refuses CMYK painted with an sRGB output intent', async () => {
    const pdf = await pdfkitPdf(pdfA, (doc) => {
      embedded(doc);
      doc.rect(72, 120, 100, 20).fill([0, 100, 100, 0]);
    });
    expect(checkPdfA2b(pdf).problems).toEqual(['colori CMYK senza un output intent CMYK']);
  });

  it('refuses a conformance other than PDF/A-2', async () => {
    const { problems, part, conformance } = checkPdfA2b(await pdfkitPdf({ ...pdfA, subset: 'PDF/A-3b' }, embedded));
    expect({ part, conformance }).toEqual({ part: '3', conformance: 'B' });
    expect(problems).toEqual(['XMP: pdfaid:part è 3, non 2']);
  });
});
