import { formatAmount } from '@/lib/format/money';
import { formatDate } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { posteCodeline } from '@/lib/pagopa/poste-codeline';
import { qrPayload } from '@/lib/pagopa/qr';
import { dataMatrixSvgPath } from '../datamatrix-path';
import { QR_INSTRUCTION_INSTALMENTS, QR_INSTRUCTION_SINGLE } from '../notice-texts';
import { colors } from '../pdf-styles';
import { qrSvgPath } from '../qr-path';
import { CONTENT_WIDTH, LINE_HEIGHT, PAGE, styles, type NoticeCanvas, type TextStyle } from './notice-canvas';
import type { NoticeDocumentData, NoticePayment } from './notice-document-data';

const MM = 72 / 25.4;
/** Every code is a 25 mm vector square. */
export const CODE_SIZE = 25 * MM;

/** A block that must stay on one page: drawn from `top`, it returns its height (measured too when nothing is drawn). */
export type Block = (canvas: NoticeCanvas, top: number) => number;

/** Cuts a field to the length the avviso specification allows for it (reference §2.3). */
export function fit(text: string | null | undefined, max: number): string {
  const value = (text ?? '').trim();
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

export const dueText = (dueDate: string | null) => (dueDate ? `entro il ${formatDate(dueDate)}` : '');

export const debtorName = (data: NoticeDocumentData) => fit(data.debtor.fullName, 70) || '—';

type FieldKind = 'plain' | 'mono' | 'big';

/** A muted upper-case label over its value; `compact` is the Poste block's smaller value. */
function field(
  canvas: NoticeCanvas,
  x: number,
  top: number,
  width: number,
  label: string,
  value: string,
  kind: FieldKind = 'plain',
  compact = false,
): number {
  const valueStyle: TextStyle = {
    ...styles.value,
    ...(kind === 'mono' ? { font: 'Courier-Bold' } : {}),
    ...(compact && kind !== 'big' ? { size: 10, marginBottom: 3 } : {}),
    ...(kind === 'big' ? { font: 'Helvetica-Bold', size: 14 } : {}),
  };
  const labelHeight = canvas.text(label, styles.label, x, top, width);
  return labelHeight + canvas.text(value, valueStyle, x, top + labelHeight, width);
}

/** Fields stacked from `top`; returns their total height. */
function fields(
  canvas: NoticeCanvas,
  x: number,
  top: number,
  width: number,
  items: [string, string, FieldKind?][],
  compact = false,
): number {
  let y = top;
  for (const [label, value, kind] of items) y += field(canvas, x, y, width, label, value, kind, compact);
  return y - top;
}

/** The fields that identify an option at any PSP: amount, CBILL, notice number, creditor's fiscal code. */
function paymentCodes(data: NoticeDocumentData, payment: NoticePayment): [string, string, FieldKind][] {
  return [
    ['Euro', formatAmount(payment.amountCents), 'big'],
    ...(data.ente.cbill ? [['Cod. CBILL', data.ente.cbill.toUpperCase(), 'mono'] as [string, string, FieldKind]] : []),
    ['Cod. Avviso', formatNoticeNumber(payment.noticeNumber), 'mono'],
    ['Cod. Fiscale Ente', data.ente.fiscalCode, 'mono'],
  ];
}

const qrOf = (data: NoticeDocumentData, payment: NoticePayment) =>
  qrSvgPath(qrPayload(payment.noticeNumber, data.ente.fiscalCode, payment.amountCents));

/** A muted instruction under a block, 4 pt below it; returns its height with that gap. */
const instruction = (canvas: NoticeCanvas, text: string, top: number) =>
  4 + canvas.text(text, styles.note, PAGE.margin, top + 4, CONTENT_WIDTH);

/** «Rata unica»: a bordered box with the QR code beside the recipient, creditor, subject and payment codes. */
export function singleBlock(data: NoticeDocumentData, payment: NoticePayment): Block {
  return (canvas, top) => {
    const inner = { x: PAGE.margin + 13, y: top + 13 };
    const columnX = inner.x + CODE_SIZE + 16;
    const columnWidth = CONTENT_WIDTH - 26 - CODE_SIZE - 16;
    const codesWidth = 170;
    const namesWidth = columnWidth - 16 - codesWidth;
    const title = canvas.text(
      `RATA UNICA ${dueText(payment.dueDate)}`,
      { ...styles.body, font: 'Helvetica-Bold', size: 11, marginBottom: 6 },
      columnX,
      inner.y,
      columnWidth,
    );
    const rowTop = inner.y + title;
    const names = fields(canvas, columnX, rowTop, namesWidth, [
      ['Destinatario', debtorName(data)],
      ['Ente Creditore', fit(data.ente.name, 100)],
      ['Oggetto del pagamento', fit(data.subject, 90)],
    ]);
    const codes = fields(canvas, columnX + namesWidth + 16, rowTop, codesWidth, paymentCodes(data, payment));
    const boxHeight = 26 + Math.max(CODE_SIZE, title + Math.max(names, codes));
    canvas.code(() => qrOf(data, payment), inner.x, inner.y, CODE_SIZE);
    canvas.border(PAGE.margin, top, CONTENT_WIDTH, boxHeight, colors.ink);
    return boxHeight + instruction(canvas, QR_INSTRUCTION_SINGLE, top + boxHeight);
  };
}

/** «Rate multiple»: 2 or 3 instalments side by side in one bordered row, each with its QR code. */
export function instalmentModule(data: NoticeDocumentData, group: { payment: NoticePayment; ordinal: number }[], size: 2 | 3): Block {
  return (canvas, top) => {
    // Equal columns of what is left after each one's padding (10 + 10) and separator (1 pt, all but the first).
    const share = (CONTENT_WIDTH - 2 - size * 20 - (size - 1)) / size;
    const left = (i: number) => PAGE.margin + 1 + i * (share + 20) + Math.max(0, i - 1);
    const heights = Array.from({ length: size }, (_, i) => {
      const item = group[i];
      if (!item) return 20;
      const x = left(i) + (i === 0 ? 0 : 1) + 10;
      let y = top + 11;
      y += canvas.text(`RATA ${item.ordinal}`, { ...styles.body, font: 'Helvetica-Bold', size: 11 }, x, y, share);
      y += canvas.text(dueText(item.payment.dueDate), { ...styles.value, size: 9 }, x, y, share);
      canvas.code(() => qrOf(data, item.payment), x, y, CODE_SIZE);
      y += CODE_SIZE + 6;
      const recipient: [string, string][] = size === 2 ? [['Destinatario', debtorName(data)]] : [];
      y += fields(canvas, x, y, share, [...recipient, ...paymentCodes(data, item.payment)]);
      return y + 10 - (top + 1);
    });
    const boxHeight = 2 + Math.max(...heights);
    for (let i = 1; i < size; i++) canvas.fill(left(i), top + 1, 1, boxHeight - 2, colors.line);
    canvas.border(PAGE.margin, top, CONTENT_WIDTH, boxHeight, colors.ink);
    return boxHeight + instruction(canvas, QR_INSTRUCTION_INSTALMENTS, top + boxHeight);
  };
}

/** «Bollettino Postale PA»: the postal account, the payment's fields and the Data Matrix Poste reads (reference §2.2). */
export function postalBlock(
  data: NoticeDocumentData,
  postal: NonNullable<NoticeDocumentData['ente']['postal']>,
  payment: NoticePayment,
  title: string,
): Block {
  return (canvas, top) => {
    const x = PAGE.margin + 11;
    const width = CONTENT_WIDTH - 22;
    const heading = 10 + LINE_HEIGHT;
    canvas.fill(PAGE.margin + 1, top + 1, CONTENT_WIDTH - 2, heading, colors.surface);
    const headingStyle: TextStyle = { ...styles.body, font: 'Helvetica-Bold', size: 11 };
    canvas.text('BOLLETTINO POSTALE PA', headingStyle, x, top + 6, width);
    canvas.text(title, { ...headingStyle, size: 10 }, x, top + 6, width, 'right');
    const rowTop = top + 1 + heading + 6;
    const codesWidth = 165;
    const namesWidth = width - 24 - codesWidth - CODE_SIZE;
    const names = fields(
      canvas,
      x,
      rowTop,
      namesWidth,
      [
        ['sul C/C n.', postal.accountNumber, 'mono'],
        ['Intestato a', fit(postal.holder, 50)],
        ['Destinatario', debtorName(data)],
        ['Oggetto del pagamento', fit(data.subject, 90)],
      ],
      true,
    );
    const codesX = x + namesWidth + 12;
    const codes = fields(
      canvas,
      codesX,
      rowTop,
      codesWidth,
      [
        ['Euro', formatAmount(payment.amountCents), 'big'],
        ['Cod. Avviso', formatNoticeNumber(payment.noticeNumber), 'mono'],
        ['Tipo', 'P1', 'mono'],
        ['Cod. Fiscale Ente Creditore', data.ente.fiscalCode, 'mono'],
      ],
      true,
    );
    const matrix = () =>
      dataMatrixSvgPath(
        posteCodeline({
          noticeNumber: payment.noticeNumber,
          postalAccountNumber: postal.accountNumber,
          amountCents: payment.amountCents,
          creditorFiscalCode: data.ente.fiscalCode,
          debtorFiscalCode: data.debtor.fiscalCode,
          debtorName: data.debtor.fullName,
          subject: data.subject,
        }),
      );
    canvas.code(matrix, codesX + codesWidth + 12, rowTop, CODE_SIZE);
    let bottom = rowTop + Math.max(names, codes, CODE_SIZE);
    // Printed at 70% density, as the specification asks for the authorisation text.
    if (postal.authorization)
      bottom += canvas.text(
        fit(postal.authorization, 60),
        { ...styles.note, size: 7, color: '#4d4d4d', marginBottom: 6 },
        x,
        bottom,
        width,
      );
    const boxHeight = bottom + 1 - top;
    canvas.border(PAGE.margin, top, CONTENT_WIDTH, boxHeight, colors.ink);
    return boxHeight;
  };
}
