import { formatAmount } from '@/lib/format/money';
import {
  AMOUNT_UPDATE_TEXT,
  instalmentSentence,
  onlineChannelsText,
  PAY_IN_PERSON,
  PAY_IN_PERSON_TEXT,
  PAY_WITH_IO,
} from '../notice-texts';
import { colors } from '../pdf-styles';
import { CONTENT_BOTTOM, CONTENT_WIDTH, LINE_HEIGHT, NoticeCanvas, PAGE, newNoticeDocument, styles, type TextStyle } from './notice-canvas';
import type { NoticeDocumentData } from './notice-document-data';
import { debtorName, dueText, fit, instalmentModule, postalBlock, singleBlock, type Block } from './payment-blocks';

const COLUMN_GAP = 24;
const HALF = (CONTENT_WIDTH - COLUMN_GAP) / 2;
const LEFT = PAGE.margin;
const RIGHT = PAGE.margin + HALF + COLUMN_GAP;
/** pdfkit's openImage (an image parsed once, measured, then drawn), which its type definitions leave out. */
interface OpenedImage {
  width: number;
  height: number;
}
type WithOpenImage = PDFKit.PDFDocument & {
  openImage(src: Buffer): OpenedImage;
  image(src: OpenedImage, x: number, y: number, options: PDFKit.Mixins.ImageOption): PDFKit.PDFDocument;
};

const bold = (style: TextStyle): TextStyle => ({ ...style, font: 'Helvetica-Bold' });

/** «Rate multiple» groups instalments by 2 or 3 (the specification's two layouts); other counts repeat the 3 layout. */
export function instalmentGroupSize(count: number): 2 | 3 {
  return count % 3 === 0 ? 3 : count % 2 === 0 ? 2 : 3;
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

/** A 1 pt rule 10 pt below `top`; returns where the next section starts. */
function rule(canvas: NoticeCanvas, top: number): number {
  canvas.fill(PAGE.margin, top + 10, CONTENT_WIDTH, 1, colors.line);
  return top + 21;
}

/** Texts stacked in one column from `top`; returns the column's bottom. */
function column(canvas: NoticeCanvas, x: number, top: number, texts: [string | null | undefined, TextStyle][]): number {
  let y = top;
  for (const [text, style] of texts) if (text) y += canvas.text(text, style, x, y, HALF);
  return y;
}

/** 1 Intestazione: the Ente's logo, the subject, the pagoPA mark (a text: no official logo asset is available to us). */
function heading(canvas: NoticeCanvas, data: NoticeDocumentData): number {
  const top = PAGE.margin;
  let x = PAGE.margin;
  let height = LINE_HEIGHT;
  const logo = data.ente.logo;
  if (logo) {
    const doc = canvas.doc as WithOpenImage;
    const image = doc.openImage(Buffer.from(logo.data));
    // At most 110 × 44 pt, its proportions kept, as the former layout sized it.
    const ratio = image.width / image.height;
    const box = ratio > 1 ? { width: 110, height: Math.min(110 / ratio, 44) } : { width: Math.min(44 * ratio, 110), height: 44 };
    doc.image(image, x, top, { fit: [box.width, box.height], align: 'center', valign: 'center' });
    x += box.width + 16;
    height = Math.max(height, box.height);
  }
  const mark: TextStyle = { ...styles.body, font: 'Helvetica-Bold', size: 12, color: colors.blue };
  const markWidth = canvas.widthOf('pagoPA', mark);
  canvas.text('pagoPA', mark, PAGE.width - PAGE.margin - markWidth, top, markWidth);
  const width = PAGE.width - PAGE.margin - markWidth - 16 - x;
  const label = canvas.text('Avviso di pagamento', { ...styles.label, size: 9 }, x, top, width) + 4;
  const title = canvas.text(fit(data.subject, 90), styles.h1, x, top + label, width);
  return rule(canvas, top + Math.max(height, label + title));
}

/** 2.1 Ente Creditore, 2.2 Destinatario. */
function parties(canvas: NoticeCanvas, data: NoticeDocumentData, top: number): number {
  const { ente, debtor } = data;
  const left = column(canvas, LEFT, top, [
    ['Ente Creditore', styles.h2],
    [fit(ente.name, 100), bold(styles.value)],
    [fit(ente.sector, 50), styles.value],
    [fit(ente.info, 100), styles.value],
    ['Codice fiscale', styles.label],
    [ente.fiscalCode, styles.value],
  ]);
  const right = column(canvas, RIGHT, top, [
    ['Destinatario', styles.h2],
    [debtorName(data), bold(styles.value)],
    [fit(debtor.address, 140), styles.value],
    ['Codice fiscale / partita IVA', styles.label],
    [fit(debtor.fiscalCode?.toUpperCase(), 16) || '—', styles.value],
  ]);
  return rule(canvas, Math.max(left, right));
}

/** 3.1 Importo e scadenza, 3.2 Dove pagare. */
function amountAndChannels(canvas: NoticeCanvas, data: NoticeDocumentData, top: number): number {
  const headline = data.single ?? {
    amountCents: data.instalments.reduce((sum, rata) => sum + rata.amountCents, 0),
    dueDate: null,
  };
  const left = column(canvas, LEFT, top, [
    ['Quanto e quando pagare?', styles.h2],
    [`${formatAmount(headline.amountCents)} Euro`, styles.big],
    [dueText(headline.dueDate), styles.value],
    [instalmentSentence(data.instalments.length, data.single !== null), bold(styles.value)],
    [AMOUNT_UPDATE_TEXT, styles.note],
  ]);
  const right = column(canvas, RIGHT, top, [
    ['Dove pagare?', styles.h2],
    [PAY_WITH_IO, { ...bold(styles.body), marginBottom: 2 }],
    [onlineChannelsText(data.ente.payableOnSiteOf), { ...styles.body, marginBottom: 6 }],
    [PAY_IN_PERSON, { ...bold(styles.body), marginBottom: 2 }],
    [PAY_IN_PERSON_TEXT, styles.body],
  ]);
  return rule(canvas, Math.max(left, right));
}

/** The subject on every page, as the specification asks of avvisi that take several pages, and who issued it. */
function footer(canvas: NoticeCanvas, data: NoticeDocumentData): void {
  const provider = data.portalProvider ? ` · Avviso emesso tramite il portale dei pagamenti di ${fit(data.portalProvider, 120)}.` : '';
  const text = `Avviso di pagamento · ${fit(data.subject, 90)}${provider}`;
  const style: TextStyle = { ...styles.note, size: 7 };
  const height = canvas.lines(text, style, CONTENT_WIDTH).length * LINE_HEIGHT;
  canvas.text(text, style, PAGE.margin, PAGE.height - 16 - height, CONTENT_WIDTH);
}

/** Lays blocks that must stay whole down the pages, each `margin` below the previous one or atop a new page. */
class BlockFlow {
  constructor(
    private readonly canvas: NoticeCanvas,
    private readonly data: NoticeDocumentData,
  ) {}

  /** Where the next block may start on the current page. */
  y: number = PAGE.margin;

  newPage(): void {
    this.canvas.doc.addPage();
    footer(this.canvas, this.data);
    this.y = PAGE.margin;
  }

  place(block: Block, margin: number): void {
    let top = this.y + margin;
    this.canvas.measuring = true;
    const height = block(this.canvas, top);
    this.canvas.measuring = false;
    if (top + height > CONTENT_BOTTOM && top > PAGE.margin + margin) {
      this.newPage();
      top = this.y + margin;
    }
    this.y = top + block(this.canvas, top);
  }
}

/**
 * The avviso di pagamento, in the module order of pagoPA's specification: heading, creditor, recipient, amount and due
 * date, where to pay, then the payment data: the single payment, the instalments grouped by 2 or 3 from the next
 * page, and after each the Bollettino Postale PA when the Ente has a postal account. Every code is a 25 mm vector.
 * Drawn straight with pdfkit on a fixed layout: a general layout engine cost ~8 times the CPU for the same page.
 */
export function renderNoticePdf(data: NoticeDocumentData): Promise<Buffer> {
  const doc = newNoticeDocument(`Avviso di pagamento ${data.noticeNumber}`, data.ente.name);
  const chunks: Buffer[] = [];
  doc.on('data', (part: Buffer) => chunks.push(part));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const canvas = new NoticeCanvas(doc);
  const flow = new BlockFlow(canvas, data);
  flow.newPage();
  const y = amountAndChannels(canvas, data, parties(canvas, data, heading(canvas, data)));
  flow.y = y + canvas.text('Dati per il pagamento', styles.h2, PAGE.margin, y, CONTENT_WIDTH);
  const postal = data.ente.postal;
  if (data.single) {
    flow.place(singleBlock(data, data.single), 6);
    if (postal) flow.place(postalBlock(data, postal, data.single, 'RATA UNICA'), 8);
  }
  if (data.instalments.length > 0) {
    if (data.single) flow.newPage();
    const size = instalmentGroupSize(data.instalments.length);
    const groups = chunk(
      data.instalments.map((payment, i) => ({ payment, ordinal: i + 1 })),
      size,
    );
    for (const group of groups) {
      flow.place(instalmentModule(data, group, size), 10);
      if (postal) for (const { payment, ordinal } of group) flow.place(postalBlock(data, postal, payment, `RATA ${ordinal}`), 8);
    }
  }
  doc.end();
  return done;
}
