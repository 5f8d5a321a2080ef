import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PdfTypefaces } from './pdf-styles';
import type { ReactPdfModule } from './react-pdf';
import { sfntFromWoff } from './woff';

/*
 * Fonts embedded in the PDF, as PDF/A requires (a standard font is named, not embedded): Titillium Web, the font of
 * the portal and of Designers Italia, and Roboto Mono for codes, 0.6 em wide like the Courier it replaces. Fontsource
 * splits a font by script: the latin file, then latin-ext (Łódź, Dvořák) as a second family that react-pdf falls back
 * to glyph by glyph. The WOFF files (not WOFF2, Brotli) are unpacked once into TrueType, handed to react-pdf as data
 * URLs. They are read from the project's node_modules, as the app always runs from its root (next start, tsx).
 */
const font = (pkg: string, file: string) => path.join(process.cwd(), 'node_modules', '@fontsource', pkg, 'files', `${file}.woff`);
const trueType = (woff: string) => `data:font/ttf;base64,${sfntFromWoff(readFileSync(woff)).toString('base64')}`;

const TEXT = ['Titillium Web', 'Titillium Web latin-ext'];
const MONO = 'Roboto Mono';
const WEIGHTS = { text: 400, bold: 700, mono: 500 } as const;

const FAMILIES: Record<string, { src: string; fontWeight: number }[]> = {
  [TEXT[0]!]: [
    { src: font('titillium-web', 'titillium-web-latin-400-normal'), fontWeight: WEIGHTS.text },
    { src: font('titillium-web', 'titillium-web-latin-700-normal'), fontWeight: WEIGHTS.bold },
  ],
  [TEXT[1]!]: [
    { src: font('titillium-web', 'titillium-web-latin-ext-400-normal'), fontWeight: WEIGHTS.text },
    { src: font('titillium-web', 'titillium-web-latin-ext-700-normal'), fontWeight: WEIGHTS.bold },
  ],
  [MONO]: [{ src: font('roboto-mono', 'roboto-mono-latin-500-normal'), fontWeight: WEIGHTS.mono }],
};

/** The faces of a PDF/A document; a character the monospace lacks falls back to the text's. */
export const EMBEDDED_TYPEFACES: PdfTypefaces = {
  text: { fontFamily: TEXT, fontWeight: WEIGHTS.text },
  bold: { fontFamily: TEXT, fontWeight: WEIGHTS.bold },
  mono: { fontFamily: [MONO, ...TEXT], fontWeight: WEIGHTS.mono },
};

/** Text as the embedded fonts can draw it. */
export type Printable = (text: string) => string;

let loaded: Promise<Printable> | undefined;

/**
 * Registers the embedded fonts with react-pdf and loads them, once per process. Returns `printable`: react-pdf draws a
 * character that none of a text's fonts has in its last resort, Helvetica, which would not be embedded; so a character
 * outside both text fonts, in both weights (an emoji, Cyrillic in a name), becomes «?», and white space a space (even a
 * line break leaves a glyph-less Helvetica run behind). The original receipt keeps every character.
 */
export function loadEmbeddedFonts(pdf: ReactPdfModule): Promise<Printable> {
  loaded ??= (async () => {
    for (const [family, fonts] of Object.entries(FAMILIES))
      pdf.Font.register({ family, fonts: fonts.map(({ src, fontWeight }) => ({ src: trueType(src), fontWeight })) });
    const faces = await Promise.all(
      [WEIGHTS.text, WEIGHTS.bold].map((fontWeight) =>
        Promise.all(
          TEXT.map(async (fontFamily) => {
            await pdf.Font.load({ fontFamily, fontWeight });
            return pdf.Font.getFont({ fontFamily, fontWeight }).data!;
          }),
        ),
      ),
    );
    // A code point is drawable when each weight has it in one of its script files.
    const [regular, bold] = faces.map((weight) => new Set<number>(weight.flatMap((face) => face.characterSet)));
    const drawable = (codePoint: number) => regular!.has(codePoint) && bold!.has(codePoint);
    return (text: string): string =>
      Array.from(text.normalize('NFC'), (char) => {
        if (/\s/.test(char)) return ' ';
        return drawable(char.codePointAt(0)!) ? char : '?';
      }).join('');
  })().catch((error: unknown) => {
    loaded = undefined; // A font that failed to load is tried again by the next document.
    throw error;
  });
  return loaded;
}
