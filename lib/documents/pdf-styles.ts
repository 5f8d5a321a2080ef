import type { Styles } from '@react-pdf/renderer';

export const colors = { ink: '#17324d', muted: '#5c6f82', line: '#d9dadb', blue: '#0066cc', surface: '#f5f7f9' };

type Style = Styles[string];

/** The faces a document is set in: its text, the bold of headings and labels, the monospace of codes. */
export interface PdfTypefaces {
  text: Style;
  bold: Style;
  mono: Style;
}

/** PDF's standard fonts: every reader has them, so no file embeds them, and no such file is PDF/A (see pdf-fonts.ts). */
export const STANDARD_TYPEFACES: PdfTypefaces = {
  text: { fontFamily: 'Helvetica' },
  bold: { fontFamily: 'Helvetica-Bold' },
  mono: { fontFamily: 'Courier-Bold' },
};

/** The documents' common styles, set in `faces`. */
export function pdfStyles(faces: PdfTypefaces) {
  return {
    page: { padding: 36, paddingBottom: 40, ...faces.text, fontSize: 10, color: colors.ink, lineHeight: 1.35 },
    h1: { fontSize: 18, lineHeight: 1.3, ...faces.bold },
    big: { fontSize: 22, lineHeight: 1.3, ...faces.bold },
    h2: { fontSize: 11, ...faces.bold, textTransform: 'uppercase', letterSpacing: 0.5, marginBottom: 4 },
    label: { fontSize: 8, color: colors.muted, textTransform: 'uppercase' },
    value: { fontSize: 11, marginBottom: 6 },
    bold: faces.bold,
    mono: faces.mono,
    rule: { borderBottomWidth: 1, borderBottomColor: colors.line, marginVertical: 10 },
  } satisfies Styles;
}

/** The styles of the CIT's billing statement, on the standard fonts. */
export const base = pdfStyles(STANDARD_TYPEFACES);
