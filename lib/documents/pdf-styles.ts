import type { Styles } from '@react-pdf/renderer';

export const colors = { ink: '#17324d', muted: '#5c6f82', line: '#d9dadb', blue: '#0066cc', surface: '#f5f7f9' };

export const base = {
  page: { padding: 36, paddingBottom: 40, fontFamily: 'Helvetica', fontSize: 10, color: colors.ink, lineHeight: 1.35 },
  h1: { fontSize: 18, lineHeight: 1.3, fontFamily: 'Helvetica-Bold' },
  big: { fontSize: 22, lineHeight: 1.3, fontFamily: 'Helvetica-Bold' },
  h2: { fontSize: 11, fontFamily: 'Helvetica-Bold', textTransform: 'uppercase', letterSpacing: 0.5, marginBottom: 4 },
  label: { fontSize: 8, color: colors.muted, textTransform: 'uppercase' },
  value: { fontSize: 11, marginBottom: 6 },
  bold: { fontFamily: 'Helvetica-Bold' },
  mono: { fontFamily: 'Courier-Bold' },
  rule: { borderBottomWidth: 1, borderBottomColor: colors.line, marginVertical: 10 },
} satisfies Styles;
