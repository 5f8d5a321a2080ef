import QRCode from 'qrcode';
import { modulePath } from './module-path';

/** The QR code as one SVG path (1 unit per module): a vector image, as the avviso specification asks. */
export function qrSvgPath(text: string): { size: number; d: string } {
  // Symbol version 4 (33x33 modules), error correction M, as the avviso specification fixes (reference §2.1);
  // the longest pagoPA payload (53 characters) fits it.
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M', version: 4 });
  const size = qr.modules.size;
  return { size, d: modulePath(size, size, (x, y) => Boolean(qr.modules.get(x, y))) };
}
