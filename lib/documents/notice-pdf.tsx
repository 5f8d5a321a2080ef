// tsconfig's "jsx": "preserve" is for Next; without this pragma tsx (worker, bench) would emit React.createElement.
/** @jsxRuntime automatic */
import { formatAmount } from '@/lib/format/money';
import { formatDate } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { posteCodeline } from '@/lib/pagopa/poste-codeline';
import { qrPayload } from '@/lib/pagopa/qr';
import { dataMatrixSvgPath } from './datamatrix-path';
import {
  AMOUNT_UPDATE_TEXT,
  instalmentSentence,
  onlineChannelsText,
  PAY_IN_PERSON,
  PAY_IN_PERSON_TEXT,
  PAY_WITH_IO,
  QR_INSTRUCTION_INSTALMENTS,
  QR_INSTRUCTION_SINGLE,
} from './notice-texts';
import { base, colors } from './pdf-styles';
import { qrSvgPath } from './qr-path';
import { loadReactPdf, type ReactPdfModule } from './react-pdf';

/** One payment option printed on the avviso: the single payment or one instalment, each with its own notice number. */
export interface NoticePayment {
  noticeNumber: string;
  amountCents: number;
  dueDate: string | null;
}

export interface NoticeDocumentData {
  subject: string;
  /** The position the avviso was asked for (its title, file name). */
  noticeNumber: string;
  amountCents: number;
  dueDate: string | null;
  /** The «Rata unica» block: the single payment, or none when only instalments are left to pay. */
  single: NoticePayment | null;
  /** The «Rate multiple» blocks, in order; empty for a position without a plan. */
  instalments: NoticePayment[];
  ente: {
    name: string;
    fiscalCode: string;
    cbill: string | null;
    sector?: string;
    info: string;
    /** ENTE.CANALE.ONLINE: the Ente's name when its own portal takes payments, which is the case here. */
    payableOnSiteOf: string | null;
    logo?: { data: Buffer; format: 'png' | 'jpg' };
    /** The Poste block is printed only when the Ente collects on a conto corrente postale. */
    postal?: { accountNumber: string; holder: string; authorization: string | null };
  };
  debtor: { fiscalCode: string | null; fullName: string | null; address?: string | null };
  /** Who runs the portal that issued the avviso (the configured provider), if any. */
  portalProvider?: string;
}

const MM = 72 / 25.4;
const CODE_SIZE = 25 * MM;

/** Cuts a field to the length the avviso specification allows for it (reference §2.3). */
function fit(text: string | null | undefined, max: number): string {
  const value = (text ?? '').trim();
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

const dueText = (dueDate: string | null) => (dueDate ? `entro il ${formatDate(dueDate)}` : '');

/** «Rate multiple» groups instalments by 2 or 3 (the specification's two layouts); other counts repeat the 3 layout. */
export function instalmentGroupSize(count: number): 2 | 3 {
  return count % 3 === 0 ? 3 : count % 2 === 0 ? 2 : 3;
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));
}

type Pdf = ReactPdfModule;

function VectorCode({ pdf, code }: { pdf: Pdf; code: { size: number; d: string } }) {
  const { Path, Svg } = pdf;
  return (
    <Svg width={CODE_SIZE} height={CODE_SIZE} viewBox={`0 0 ${code.size} ${code.size}`}>
      <Path d={code.d} fill="#000000" />
    </Svg>
  );
}

function Field({
  pdf,
  label,
  value,
  mono,
  big,
  compact,
}: {
  pdf: Pdf;
  label: string;
  value: string;
  mono?: boolean;
  big?: boolean;
  compact?: boolean;
}) {
  const { Text } = pdf;
  const size = big ? { fontSize: 14 } : compact ? { fontSize: 10, marginBottom: 3 } : {};
  return (
    <>
      <Text style={base.label}>{label}</Text>
      <Text style={[base.value, mono ? base.mono : {}, big ? base.bold : {}, size]}>{value}</Text>
    </>
  );
}

/** The fields that identify an option at any PSP: amount, CBILL, notice number, creditor's fiscal code. */
function PaymentCodes({ pdf, data, payment }: { pdf: Pdf; data: NoticeDocumentData; payment: NoticePayment }) {
  return (
    <>
      <Field pdf={pdf} label="Euro" value={formatAmount(payment.amountCents)} big />
      {data.ente.cbill && <Field pdf={pdf} label="Cod. CBILL" value={data.ente.cbill.toUpperCase()} mono />}
      <Field pdf={pdf} label="Cod. Avviso" value={formatNoticeNumber(payment.noticeNumber)} mono />
      <Field pdf={pdf} label="Cod. Fiscale Ente" value={data.ente.fiscalCode} mono />
    </>
  );
}

function SingleBlock({ pdf, data, payment }: { pdf: Pdf; data: NoticeDocumentData; payment: NoticePayment }) {
  const { Text, View } = pdf;
  const qr = qrSvgPath(qrPayload(payment.noticeNumber, data.ente.fiscalCode, payment.amountCents));
  return (
    <View wrap={false} style={{ marginTop: 6 }}>
      <View style={{ borderWidth: 1, borderColor: colors.ink, padding: 12, flexDirection: 'row', gap: 16 }}>
        <View style={{ width: CODE_SIZE }}>
          <VectorCode pdf={pdf} code={qr} />
        </View>
        <View style={{ flex: 1 }}>
          <Text style={[base.bold, { fontSize: 11, marginBottom: 6 }]}>RATA UNICA {dueText(payment.dueDate)}</Text>
          <View style={{ flexDirection: 'row', gap: 16 }}>
            <View style={{ flex: 1 }}>
              <Field pdf={pdf} label="Destinatario" value={fit(data.debtor.fullName, 70) || '—'} />
              <Field pdf={pdf} label="Ente Creditore" value={fit(data.ente.name, 100)} />
              <Field pdf={pdf} label="Oggetto del pagamento" value={fit(data.subject, 90)} />
            </View>
            <View style={{ width: 170 }}>
              <PaymentCodes pdf={pdf} data={data} payment={payment} />
            </View>
          </View>
        </View>
      </View>
      <Text style={{ fontSize: 8, color: colors.muted, marginTop: 4 }}>{QR_INSTRUCTION_SINGLE}</Text>
    </View>
  );
}

/** One «Rate multiple» module: 2 or 3 instalments side by side, each with its QR code and notice number. */
function InstalmentModule({
  pdf,
  data,
  group,
  size,
}: {
  pdf: Pdf;
  data: NoticeDocumentData;
  group: { payment: NoticePayment; ordinal: number }[];
  size: 2 | 3;
}) {
  const { Text, View } = pdf;
  return (
    <View wrap={false} style={{ marginTop: 10 }}>
      <View style={{ flexDirection: 'row', borderWidth: 1, borderColor: colors.ink }}>
        {Array.from({ length: size }, (_, i) => group[i]).map((item, i) => (
          <View
            key={item ? item.payment.noticeNumber : `vuoto-${i}`}
            style={{ flex: 1, padding: 10, borderLeftWidth: i === 0 ? 0 : 1, borderLeftColor: colors.line }}
          >
            {item && (
              <>
                <Text style={[base.bold, { fontSize: 11 }]}>RATA {item.ordinal}</Text>
                <Text style={[base.value, { fontSize: 9 }]}>{dueText(item.payment.dueDate)}</Text>
                <VectorCode
                  pdf={pdf}
                  code={qrSvgPath(qrPayload(item.payment.noticeNumber, data.ente.fiscalCode, item.payment.amountCents))}
                />
                <View style={{ marginTop: 6 }}>
                  {size === 2 && <Field pdf={pdf} label="Destinatario" value={fit(data.debtor.fullName, 70) || '—'} />}
                  <PaymentCodes pdf={pdf} data={data} payment={item.payment} />
                </View>
              </>
            )}
          </View>
        ))}
      </View>
      <Text style={{ fontSize: 8, color: colors.muted, marginTop: 4 }}>{QR_INSTRUCTION_INSTALMENTS}</Text>
    </View>
  );
}

/** «Bollettino Postale PA»: the postal account, the payment's fields and the Data Matrix Poste reads (reference §2.2). */
function PostalBlock({
  pdf,
  data,
  postal,
  payment,
  title,
}: {
  pdf: Pdf;
  data: NoticeDocumentData;
  postal: NonNullable<NoticeDocumentData['ente']['postal']>;
  payment: NoticePayment;
  title: string;
}) {
  const { Text, View } = pdf;
  const matrix = dataMatrixSvgPath(
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
  return (
    <View wrap={false} style={{ marginTop: 8, borderWidth: 1, borderColor: colors.ink }}>
      <View
        style={{
          flexDirection: 'row',
          justifyContent: 'space-between',
          paddingHorizontal: 10,
          paddingVertical: 5,
          backgroundColor: colors.surface,
        }}
      >
        <Text style={[base.bold, { fontSize: 11 }]}>BOLLETTINO POSTALE PA</Text>
        <Text style={[base.bold, { fontSize: 10 }]}>{title}</Text>
      </View>
      <View style={{ flexDirection: 'row', gap: 12, paddingHorizontal: 10, paddingTop: 6 }}>
        <View style={{ flex: 1 }}>
          <Field pdf={pdf} label="sul C/C n." value={postal.accountNumber} mono compact />
          <Field pdf={pdf} label="Intestato a" value={fit(postal.holder, 50)} compact />
          <Field pdf={pdf} label="Destinatario" value={fit(data.debtor.fullName, 70) || '—'} compact />
          <Field pdf={pdf} label="Oggetto del pagamento" value={fit(data.subject, 90)} compact />
        </View>
        <View style={{ width: 165 }}>
          <Field pdf={pdf} label="Euro" value={formatAmount(payment.amountCents)} big />
          <Field pdf={pdf} label="Cod. Avviso" value={formatNoticeNumber(payment.noticeNumber)} mono compact />
          <Field pdf={pdf} label="Tipo" value="P1" mono compact />
          <Field pdf={pdf} label="Cod. Fiscale Ente Creditore" value={data.ente.fiscalCode} mono compact />
        </View>
        <View style={{ width: CODE_SIZE }}>
          <VectorCode pdf={pdf} code={matrix} />
        </View>
      </View>
      {/* Printed at 70% density, as the specification asks for the authorisation text. */}
      {postal.authorization && (
        <Text style={{ fontSize: 7, color: '#4d4d4d', paddingHorizontal: 10, paddingBottom: 6 }}>{fit(postal.authorization, 60)}</Text>
      )}
    </View>
  );
}

/**
 * The avviso di pagamento, in the module order of pagoPA's specification: heading, creditor, recipient, amount and due
 * date, where to pay, then the payment data: the single payment, the instalments grouped by 2 or 3 on the following
 * pages, and after each the Bollettino Postale PA when the Ente has a postal account. Every code is a 25 mm vector.
 */
function NoticeDocument({ data, pdf }: { data: NoticeDocumentData; pdf: Pdf }) {
  const { Document, Image, Page, Text, View } = pdf;
  const subject = fit(data.subject, 90);
  const headline = data.single ?? {
    amountCents: data.instalments.reduce((sum, rata) => sum + rata.amountCents, 0),
    dueDate: null,
  };
  const sentence = instalmentSentence(data.instalments.length, data.single !== null);
  const groupSize = instalmentGroupSize(data.instalments.length);
  const groups = chunk(
    data.instalments.map((payment, i) => ({ payment, ordinal: i + 1 })),
    groupSize,
  );
  const postal = data.ente.postal;
  return (
    <Document title={`Avviso di pagamento ${data.noticeNumber}`} author={data.ente.name} language="it">
      <Page size="A4" style={base.page}>
        {/* 1 Intestazione */}
        <View style={{ flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-start', gap: 16 }}>
          {data.ente.logo && (
            // eslint-disable-next-line jsx-a11y/alt-text -- a PDF image; the Ente is named in text beside it
            <Image src={data.ente.logo} style={{ maxHeight: 44, maxWidth: 110, objectFit: 'contain' }} />
          )}
          <View style={{ flex: 1 }}>
            <Text style={[base.label, { fontSize: 9 }]}>Avviso di pagamento</Text>
            <Text style={[base.h1, { marginTop: 4 }]}>{subject}</Text>
          </View>
          {/* A text mark: no official pagoPA logo asset is available to us (see docs/partners.md). */}
          <Text style={[base.bold, { fontSize: 12, color: colors.blue }]}>pagoPA</Text>
        </View>
        <View style={base.rule} />

        {/* 2.1 Ente Creditore, 2.2 Destinatario */}
        <View style={{ flexDirection: 'row', gap: 24 }}>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Ente Creditore</Text>
            <Text style={[base.value, base.bold]}>{fit(data.ente.name, 100)}</Text>
            {data.ente.sector && <Text style={base.value}>{fit(data.ente.sector, 50)}</Text>}
            {data.ente.info && <Text style={base.value}>{fit(data.ente.info, 100)}</Text>}
            <Text style={base.label}>Codice fiscale</Text>
            <Text style={base.value}>{data.ente.fiscalCode}</Text>
          </View>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Destinatario</Text>
            <Text style={[base.value, base.bold]}>{fit(data.debtor.fullName, 70) || '—'}</Text>
            {data.debtor.address && <Text style={base.value}>{fit(data.debtor.address, 140)}</Text>}
            <Text style={base.label}>Codice fiscale / partita IVA</Text>
            <Text style={base.value}>{fit(data.debtor.fiscalCode?.toUpperCase(), 16) || '—'}</Text>
          </View>
        </View>
        <View style={base.rule} />

        {/* 3.1 Importo e scadenza, 3.2 Dove pagare */}
        <View style={{ flexDirection: 'row', gap: 24 }}>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Quanto e quando pagare?</Text>
            <Text style={base.big}>{formatAmount(headline.amountCents)} Euro</Text>
            {headline.dueDate && <Text style={base.value}>{dueText(headline.dueDate)}</Text>}
            {sentence && <Text style={[base.value, base.bold]}>{sentence}</Text>}
            <Text style={{ fontSize: 8, color: colors.muted }}>{AMOUNT_UPDATE_TEXT}</Text>
          </View>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Dove pagare?</Text>
            <Text style={[base.bold, { marginBottom: 2 }]}>{PAY_WITH_IO}</Text>
            <Text style={{ marginBottom: 6 }}>{onlineChannelsText(data.ente.payableOnSiteOf)}</Text>
            <Text style={[base.bold, { marginBottom: 2 }]}>{PAY_IN_PERSON}</Text>
            <Text>{PAY_IN_PERSON_TEXT}</Text>
          </View>
        </View>
        <View style={base.rule} />

        {/* 4 Dati per il pagamento */}
        <Text style={base.h2}>Dati per il pagamento</Text>
        {data.single && <SingleBlock pdf={pdf} data={data} payment={data.single} />}
        {data.single && postal && <PostalBlock pdf={pdf} data={data} postal={postal} payment={data.single} title="RATA UNICA" />}

        {groups.length > 0 && (
          <View break={data.single !== null}>
            {groups.map((group) => (
              <View key={group[0]!.payment.noticeNumber}>
                <InstalmentModule pdf={pdf} data={data} group={group} size={groupSize} />
                {postal &&
                  group.map(({ payment, ordinal }) => (
                    <PostalBlock
                      key={payment.noticeNumber}
                      pdf={pdf}
                      data={data}
                      postal={postal}
                      payment={payment}
                      title={`RATA ${ordinal}`}
                    />
                  ))}
              </View>
            ))}
          </View>
        )}

        {/* The subject on every page, as the specification asks of avvisi that take several pages; who issued it. */}
        <View fixed style={{ position: 'absolute', bottom: 16, left: 36, right: 36 }}>
          <Text style={{ fontSize: 7, color: colors.muted }}>
            Avviso di pagamento · {subject}
            {data.portalProvider && ` · Avviso emesso tramite il portale dei pagamenti di ${fit(data.portalProvider, 120)}.`}
          </Text>
        </View>
      </Page>
    </Document>
  );
}

export async function renderNoticePdf(data: NoticeDocumentData): Promise<Buffer> {
  const pdf = await loadReactPdf();
  return pdf.renderToBuffer(<NoticeDocument data={data} pdf={pdf} />);
}
