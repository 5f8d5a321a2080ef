import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { renderNoticePdf } from '@/lib/documents/avviso/render-notice';
import { SAMPLE_NOTICE } from '@/lib/documents/pool/sample-notice';
import { pdfPlainText } from '../support/pdf-codes';

/** What poppler reads of the PDF's structure: pdfinfo and pdffonts fail on a file they cannot parse. */
const poppler = (tool: 'pdfinfo' | 'pdffonts', pdf: Buffer) => execFileSync(tool, ['-'], { input: pdf }).toString('utf8');

describe('the avviso drawn with pdfkit', () => {
  it('parses, uses only the three standard fonts it lays out with, and takes a page per block that no longer fits', async () => {
    const logo = new PNG({ width: 20, height: 8 });
    logo.data.fill(120);
    const plan = [1, 2, 3].map((n) => ({ noticeNumber: `30100000000000${n}117`, amountCents: 4_000 + n, dueDate: `2027-0${n + 3}-30` }));
    // A structured clone's Uint8Array, as the threads receive the logo.
    const pdf = await renderNoticePdf({
      ...SAMPLE_NOTICE,
      instalments: plan,
      ente: { ...SAMPLE_NOTICE.ente, logo: { data: new Uint8Array(PNG.sync.write(logo)) as Buffer, format: 'png' } },
    });
    const info = poppler('pdfinfo', pdf);
    expect(info).toMatch(/^Pages:\s+3$/m);
    expect(info).toMatch(/^Title:\s+Avviso di pagamento 301000000000000117$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    const fonts = poppler('pdffonts', pdf)
      .split('\n')
      .slice(2)
      .filter(Boolean)
      .map((line) => line.split(/\s+/).slice(0, 4).join(' '));
    expect(fonts).toEqual(['Helvetica Type 1 WinAnsi', 'Helvetica-Bold Type 1 WinAnsi', 'Courier-Bold Type 1 WinAnsi']);
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    const text = pdfPlainText(pdf);
    for (const expected of [
      'RATA UNICA entro il 30/06/2027',
      'RATA 3',
      'BOLLETTINO POSTALE PA',
      '40,03',
      'Puoi pagare per intero oppure in 3 rate',
    ])
      expect(text).toContain(expected);
  });

  it('wraps a long subject and keeps the Poste block whole on the next page', async () => {
    const long = Array.from({ length: 20 }, () => 'WWWWWWW').join(' ');
    const pdf = await renderNoticePdf({
      ...SAMPLE_NOTICE,
      subject: long,
      ente: { ...SAMPLE_NOTICE.ente, name: long, info: long, payableOnSiteOf: long },
    });
    expect(poppler('pdfinfo', pdf)).toMatch(/^Pages:\s+2$/m);
    const second = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-', '-'], { input: pdf }).toString('utf8');
    expect(second).toContain('BOLLETTINO POSTALE PA');
    expect(second).toContain('COD. FISCALE ENTE CREDITORE');
  });
});
