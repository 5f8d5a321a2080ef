import QRCode from 'qrcode';
import { qrSvgPath } from '@/lib/documents/qr-path';

/** The modules a path of `M x y h n v1 h-n z` rectangles covers, as "x,y" keys. */
function coveredModules(d: string): Set<string> {
  const covered = new Set<string>();
  for (const [, x, y, run] of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(run); i++) covered.add(`${Number(x) + i},${y}`);
  }
  return covered;
}

describe('avviso QR code', () => {
  it('is version 4 (33 modules) with error correction M for the pagoPA payload, as the specification asks', () => {
    const payload = 'PAGOPA|002|301202300000000148|00812300176|123456';
    const qr = qrSvgPath(payload);
    expect(qr.size).toBe(33);
    const reference = QRCode.create(payload, { errorCorrectionLevel: 'M', version: 4 });
    expect(reference.version).toBe(4);
    const dark = new Set<string>();
    for (let y = 0; y < reference.modules.size; y++) {
      for (let x = 0; x < reference.modules.size; x++) if (reference.modules.get(x, y)) dark.add(`${x},${y}`);
    }
    // Every dark module and nothing else, drawn as one rectangle per horizontal run.
    expect(coveredModules(qr.d)).toEqual(dark);
    expect(qr.d.replace(/M\d+ \d+h(\d+)v1h-\1z/g, '')).toBe('');
    expect(qr.d.split('M').length - 1).toBeLessThan(dark.size / 2);
  });

  it('still fits the longest payload, an 11-digit amount', () => {
    expect(qrSvgPath('PAGOPA|002|301202300000000148|00812300176|99999999999').size).toBe(33);
  });
});
