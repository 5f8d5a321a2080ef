import PDFDocument from 'pdfkit';
import { colors } from '../pdf-styles';

export type FontName = 'Helvetica' | 'Helvetica-Bold' | 'Courier-Bold';

export interface TextStyle {
  font: FontName;
  size: number;
  color: string;
  /** Absolute line height in points (13.5: the page's 1.35 × 10 pt, which every text inherits unless it sets its own). */
  lineHeight?: number;
  upper?: boolean;
  letterSpacing?: number;
  marginBottom?: number;
}

export const LINE_HEIGHT = 13.5;
/** The standard fonts' baseline sits 0.9 em below the top of the line box, whatever the line height. */
const BASELINE = 0.9;

export const PAGE = { width: 595.28, height: 841.89, margin: 36, bottomPadding: 40 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Where a block that must stay whole no longer fits and goes to the next page. */
export const CONTENT_BOTTOM = PAGE.height - PAGE.bottomPadding;

export const styles = {
  body: { font: 'Helvetica', size: 10, color: colors.ink },
  label: { font: 'Helvetica', size: 8, color: colors.muted, upper: true },
  value: { font: 'Helvetica', size: 11, color: colors.ink, marginBottom: 6 },
  h1: { font: 'Helvetica-Bold', size: 18, color: colors.ink, lineHeight: 23.4 },
  big: { font: 'Helvetica-Bold', size: 22, color: colors.ink, lineHeight: 28.6 },
  h2: { font: 'Helvetica-Bold', size: 11, color: colors.ink, upper: true, letterSpacing: 0.5, marginBottom: 4 },
  note: { font: 'Helvetica', size: 8, color: colors.muted },
} satisfies Record<string, TextStyle>;

/**
 * Text widths already measured in this thread: most words of an avviso (labels, fixed texts, the Ente's name) recur
 * in every one, and pdfkit measures each glyph and kerning pair again on every call. Bounded, for a long-lived thread.
 */
const widths = new Map<string, number>();
const WIDTHS_KEPT = 20_000;

/**
 * A pdfkit document with the avviso's text model: greedy line breaking at spaces, a fixed line height and a baseline
 * 0.9 em down, as the former @react-pdf layout placed the same texts. With `measuring` set nothing is drawn and every
 * call only returns the height it would take: a block that must stay whole measures itself before it is placed.
 */
export class NoticeCanvas {
  measuring = false;

  constructor(readonly doc: PDFKit.PDFDocument) {}

  widthOf(text: string, style: TextStyle): number {
    const key = `${style.font}|${style.size}|${style.letterSpacing ?? 0}|${text}`;
    let width = widths.get(key);
    if (width === undefined) {
      width = this.doc
        .font(style.font)
        .fontSize(style.size)
        .widthOfString(text, { characterSpacing: style.letterSpacing ?? 0 });
      if (widths.size >= WIDTHS_KEPT) widths.clear();
      widths.set(key, width);
    }
    return width;
  }

  /**
   * The lines `text` takes in `width`, broken as the former layout's Knuth-Plass breaker did: spaces may stretch by
   * half and shrink by a third of their width, and the breaks that keep every line's ratio smallest overall win (a
   * line that shrank is drawn a little tighter). A word wider than the line is cut where it overflows.
   */
  lines(text: string, style: TextStyle, width: number): string[] {
    const words = (style.upper ? text.toUpperCase() : text).split(' ').flatMap((word) => this.cut(word, style, width));
    const space = this.widthOf(' ', style);
    const wordWidths = words.map((word) => this.widthOf(word, style));
    // best[i]: the least demerits of setting words[0..i) ending a line before word i; from[i]: where that line began.
    const best = [0, ...words.map(() => Infinity)];
    const from = words.map(() => 0);
    for (let end = 1; end <= words.length; end++) {
      let natural = -space;
      for (let start = end - 1; start >= 0; start--) {
        natural += wordWidths[start]! + space;
        const spaces = end - start - 1;
        if (natural - (spaces * space) / 3 > width && start < end - 1) break;
        const last = end === words.length;
        const ratio =
          natural > width ? (width - natural) / ((spaces * space) / 3 || 1) : last ? 0 : (width - natural) / ((spaces * space) / 2 || 1);
        const demerits = best[start]! + (1 + 100 * Math.min(Math.abs(ratio), 10) ** 3) ** 2;
        if (demerits < best[end]!) {
          best[end] = demerits;
          from[end - 1] = start;
        }
      }
    }
    const lines: string[] = [];
    for (let end = words.length; end > 0; end = from[end - 1]!) lines.unshift(words.slice(from[end - 1], end).join(' '));
    return lines.map((line, i) => (i < lines.length - 1 ? `${line} ` : line));
  }

  /** A word wider than the line, in pieces that fit it. */
  private cut(word: string, style: TextStyle, width: number): string[] {
    const pieces: string[] = [];
    let rest = word;
    while (rest.length > 1 && this.widthOf(rest, style) > width) {
      let at = rest.length - 1;
      while (at > 1 && this.widthOf(rest.slice(0, at), style) > width) at--;
      pieces.push(rest.slice(0, at));
      rest = rest.slice(at);
    }
    return [...pieces, rest];
  }

  /** Draws `text` from `top` in a box `width` wide; returns the height it takes, its bottom margin included. */
  text(text: string, style: TextStyle, x: number, top: number, width: number, align: 'left' | 'right' = 'left'): number {
    const lines = this.lines(text, style, width);
    const lineHeight = style.lineHeight ?? LINE_HEIGHT;
    if (!this.measuring) {
      this.doc.font(style.font).fontSize(style.size).fillColor(style.color);
      lines.forEach((line, i) => {
        const natural = this.widthOf(line.trimEnd(), style);
        const left = align === 'right' ? x + width - natural : x;
        // A line that took a word by shrinking is tightened to the box.
        const tighten = natural > width ? (width - natural) / Math.max(1, line.trimEnd().length - 1) : 0;
        this.doc.text(line, left, top + i * lineHeight + BASELINE * style.size, {
          lineBreak: false,
          baseline: 'alphabetic',
          characterSpacing: (style.letterSpacing ?? 0) + tighten,
        });
      });
    }
    return lines.length * lineHeight + (style.marginBottom ?? 0);
  }

  /** A filled rectangle: the section rules, the Poste heading's band, the instalments' column separators. */
  fill(x: number, y: number, width: number, height: number, color: string): void {
    if (!this.measuring) this.doc.rect(x, y, width, height).fill(color);
  }

  /** A 1 pt border drawn inside the box, as a CSS border is. */
  border(x: number, y: number, width: number, height: number, color: string): void {
    if (!this.measuring)
      this.doc
        .lineWidth(1)
        .rect(x + 0.5, y + 0.5, width - 1, height - 1)
        .stroke(color);
  }

  /** An SVG path (a QR code, a Data Matrix) drawn as a `size`-point square; encoded only when it is drawn. */
  code(encode: () => { size: number; d: string }, x: number, y: number, size: number): void {
    if (this.measuring) return;
    const path = encode();
    this.doc
      .save()
      .translate(x, y)
      .scale(size / path.size)
      .path(path.d)
      .fill('#000000')
      .restore();
  }
}

export function newNoticeDocument(title: string, author: string): PDFKit.PDFDocument {
  return new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    lang: 'it',
    info: { Title: title, Author: author },
  });
}
