import QRCode from 'qrcode';
import { qrSvgPath } from '@/lib/documents/qr-path';

describe('avviso QR code', () => {
  it('is version 4 (33 modules) with error correction M for the pagoPA payload, as the specification asks', () => {
    const payload = 'PAGOPA|002|301202300000000148|00812300176|123456';
    const qr = qrSvgPath(payload);
    expect(qr.size).toBe(33);
    const reference = QRCode.create(payload, { errorCorrectionLevel: 'M', version: 4 });
    expect(reference.version).toBe(4);
    const dark = qr.d.split('M').length - 1;
    let expected = 0;
    for (let i = 0; i < reference.modules.size ** 2; i++) if (reference.modules.data[i]) expected++;
    expect(dark).toBe(expected);
  });

  it('still fits the longest payload, an 11-digit amount', () => {
    expect(qrSvgPath('PAGOPA|002|301202300000000148|00812300176|99999999999').size).toBe(33);
  });
});
