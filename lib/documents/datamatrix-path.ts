import { toSVG } from 'bwip-js/node';

/** A Data Matrix (ISO/IEC 16022, ECC 200) as one SVG path, a vector image as the avviso asks for the Poste block. */
export function dataMatrixSvgPath(text: string): { size: number; d: string } {
  const svg = toSVG({ bcid: 'datamatrix', text, paddingwidth: 0, paddingheight: 0 });
  const size = /viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1];
  const d = /<path d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) throw new Error('Data Matrix non generato');
  return { size: Number(size), d };
}
