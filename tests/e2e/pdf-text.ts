import { PdfObjects, type PdfDict } from '../support/pdf-objects';

type Decoder = (hex: string) => string;

/** Standard fonts: WinAnsi, read as Latin-1, from which it differs where it matters here only at 0x80, the euro sign. */
const winAnsi: Decoder = (hex) => Buffer.from(hex, 'hex').toString('latin1').replace(/\x80/g, '€');

const utf16 = (hex: string) => Buffer.from(hex.replace(/\s/g, ''), 'hex').swap16().toString('utf16le');

/** A /ToUnicode CMap's bfchar and bfrange entries: character code → text. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, code, text] of block!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F\s]*)>/g)) map.set(parseInt(code!, 16), utf16(text!));
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, low, high, target] of block!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F\s]*>)/g)) {
      const start = parseInt(low!, 16);
      if (target!.startsWith('[')) {
        [...target!.matchAll(/<([0-9a-fA-F\s]*)>/g)].forEach(([, text], i) => map.set(start + i, utf16(text!)));
        continue;
      }
      const first = utf16(target!.slice(1, -1));
      for (let code = start; code <= parseInt(high!, 16); code++)
        map.set(code, first.slice(0, -1) + String.fromCharCode(first.charCodeAt(first.length - 1) + code - start));
    }
  }
  return map;
}

/** How the strings of `font` read: two bytes a glyph through its /ToUnicode CMap when it is embedded, else WinAnsi. */
function decoderOf(objects: PdfObjects, font: PdfDict | undefined): Decoder {
  const cmap = objects.streamData(font?.['/ToUnicode']);
  if (!cmap || font?.['/Subtype'] !== '/Type0') return winAnsi;
  const map = toUnicode(cmap.toString('latin1'));
  return (hex) => Array.from(hex.match(/.{4}/g) ?? [], (code) => map.get(parseInt(code, 16)) ?? '\uFFFD').join('');
}

/**
 * The text of a PDF made by @react-pdf (pdfkit), one line per text run (TJ array), page by page: enough to check what a
 * ricevuta or a statement says and how its codes are wrapped. The objects are read by qpdf (.ci/run installs it).
 */
export function pdfText(pdf: Buffer): string {
  const objects = PdfObjects.read(pdf);
  const lines: string[] = [];
  for (const page of objects.pages()) {
    const fonts = objects.dict(objects.dict(page['/Resources'])?.['/Font']) ?? {};
    const decoders = new Map<string, Decoder>();
    let decode = winAnsi;
    const contents = page['/Contents'];
    for (const stream of Array.isArray(contents) ? contents : [contents]) {
      const content = objects.streamData(stream)?.toString('latin1') ?? '';
      for (const [, font, array] of content.matchAll(/\/([^\s/[\]<>()]+)\s+[\d.]+\s+Tf|\[((?:<[0-9a-fA-F]*>|[-\d.\s])*)\]\s*TJ/g)) {
        if (font) {
          if (!decoders.has(font)) decoders.set(font, decoderOf(objects, objects.dict(fonts[`/${font}`])));
          decode = decoders.get(font)!;
        } else lines.push(decode([...array!.matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => hex[1]).join('')));
      }
    }
  }
  return lines.join('\n');
}
