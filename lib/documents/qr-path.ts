import QRCode from 'qrcode';

/**
 * The QR code as one SVG path (1 unit per module): a vector image, as the avviso specification asks. Each row's run
 * of dark modules is one rectangle: the same area as a square per module, in a fraction of the path commands that
 * the PDF renderer parses and writes for every avviso.
 */
export function qrSvgPath(text: string): { size: number; d: string } {
  // Symbol version 4 (33x33 modules), error correction M, as the avviso specification fixes (reference §2.1);
  // the longest pagoPA payload (53 characters) fits it.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M', version: 4 });
  const size = qr.modules.size;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!qr.modules.get(x, y)) continue;
      const start = x;
      while (x + 1 < size && qr.modules.get(x + 1, y)) x++;
      const run = x - start + 1;
      parts.push(`M${start} ${y}h${run}v1h-${run}z`);
    }
  }
  return { size, d: parts.join('') };
}
