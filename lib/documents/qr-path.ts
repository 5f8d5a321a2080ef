import QRCode from 'qrcode';

/** The QR code as one SVG path (1 unit per module): a vector image, as the avviso specification asks. */
export function qrSvgPath(text: string): { size: number; d: string } {
  // Symbol version 4 (33x33 modules), error correction M, as the avviso specification fixes (reference §2.1);
  // the longest pagoPA payload (53 characters) fits it.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M', version: 4 });
  const size = qr.modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (qr.modules.get(x, y)) parts.push(`M${x} ${y}h1v1h-1z`);
    }
  }
  return { size, d: parts.join('') };
}
