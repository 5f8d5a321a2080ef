import { raw } from 'bwip-js/node';
import { modulePath } from './module-path';

/**
 * A Data Matrix (ISO/IEC 16022, ECC 200) as one SVG path (1 unit per module), a vector image as the avviso asks
 * for the Poste block. From bwip-js's module matrix: its SVG drawing took three times as long as the encoding.
 */
export function dataMatrixSvgPath(text: string): { size: number; d: string } {
  const symbol = raw('datamatrix', text, '')[0];
  // A 2D symbol comes as a module matrix (a linear one as bar widths): square for the sizes the avviso uses.
  if (!symbol || !('pixs' in symbol) || symbol.pixx !== symbol.pixy) throw new Error('Data Matrix non generato');
  const { pixx: size, pixs } = symbol;
  return { size, d: modulePath(size, size, (x, y) => pixs[y * size + x] === 1) };
}
