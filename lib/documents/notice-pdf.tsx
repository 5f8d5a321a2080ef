// tsconfig's "jsx": "preserve" is for Next; without this pragma tsx (worker, bench) would emit React.createElement.
/** @jsxRuntime automatic */
import { formatAmount } from '@/lib/format/money';
import { formatDate } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { qrPayload } from '@/lib/pagopa/qr';
import { base, colors } from './pdf-styles';
import { qrSvgPath } from './qr-path';
import { loadReactPdf, type ReactPdfModule } from './react-pdf';

export interface NoticeDocumentData {
  subject: string;
  amountCents: number;
  dueDate: string | null;
  noticeNumber: string;
  ente: { name: string; fiscalCode: string; cbill: string | null; sector?: string; info: string; onlineChannel: string };
  debtor: { fiscalCode: string | null; fullName: string | null; address?: string | null };
  /** Who runs the portal that issued the avviso (the configured provider), if any. */
  portalProvider?: string;
}

const MM = 72 / 25.4;

/** Cuts a field to the length the avviso specification allows for it (reference §2.3). */
function fit(text: string | null | undefined, max: number): string {
  const value = (text ?? '').trim();
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/**
 * The avviso di pagamento, in the module order of pagoPA's specification: heading, creditor, recipient,
 * amount and due date, where to pay, payment data with a 25 mm vector QR code.
 */
function NoticeDocument({ data, pdf }: { data: NoticeDocumentData; pdf: ReactPdfModule }) {
  const { Document, Page, Path, Svg, Text, View } = pdf;
  const qr = qrSvgPath(qrPayload(data.noticeNumber, data.ente.fiscalCode, data.amountCents));
  const amount = formatAmount(data.amountCents);
  const due = data.dueDate ? formatDate(data.dueDate) : null;
  const subject = fit(data.subject, 90);
  return (
    <Document title={`Avviso di pagamento ${data.noticeNumber}`} author={data.ente.name} language="it">
      <Page size="A4" style={base.page}>
        {/* 1 Intestazione */}
        <View style={{ flexDirection: 'row', justifyContent: 'space-between', alignItems: 'flex-start' }}>
          <View style={{ flex: 1, paddingRight: 16 }}>
            <Text style={[base.label, { fontSize: 9 }]}>Avviso di pagamento</Text>
            <Text style={[base.h1, { marginTop: 4 }]}>{subject}</Text>
          </View>
          <Text style={[base.bold, { fontSize: 12, color: colors.blue }]}>pagoPA</Text>
        </View>
        <View style={base.rule} />

        {/* 2.1 Ente creditore, 2.2 Destinatario */}
        <View style={{ flexDirection: 'row', gap: 24 }}>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Ente creditore</Text>
            <Text style={[base.value, base.bold]}>{fit(data.ente.name, 100)}</Text>
            {data.ente.sector && <Text style={base.value}>{fit(data.ente.sector, 50)}</Text>}
            <Text style={base.value}>{fit(data.ente.info, 100)}</Text>
            <Text style={base.label}>Codice fiscale</Text>
            <Text style={base.value}>{data.ente.fiscalCode}</Text>
          </View>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Destinatario avviso</Text>
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
            <Text style={base.big}>{amount} Euro</Text>
            <Text style={base.value}>{due ? `entro il ${due}` : 'senza scadenza'}</Text>
            <Text style={{ fontSize: 8, color: colors.muted }}>
              Puoi pagare con una unica rata. L&apos;importo è aggiornato automaticamente dal sistema e potrebbe subire variazioni per
              eventuali sgravi, note di credito, indennità di mora, sanzioni o interessi.
            </Text>
          </View>
          <View style={{ flex: 1 }}>
            <Text style={base.h2}>Dove pagare?</Text>
            <Text style={[base.bold, { marginBottom: 2 }]}>PAGA {data.ente.onlineChannel.toUpperCase()}</Text>
            <Text style={{ marginBottom: 6 }}>
              con l&apos;app IO, il sito o le app della tua banca o degli altri canali di pagamento. Potrai pagare con carte, conto
              corrente, CBILL.
            </Text>
            <Text style={[base.bold, { marginBottom: 2 }]}>PAGA SUL TERRITORIO</Text>
            <Text>in tutti gli Uffici Postali, in Banca, in Ricevitoria, dal Tabaccaio, al Bancomat, al Supermercato.</Text>
          </View>
        </View>
        <View style={base.rule} />

        {/* 4 Dati per il pagamento: rata unica */}
        <Text style={base.h2}>Utilizza la porzione di avviso relativa alla rata e al canale di pagamento che preferisci.</Text>
        <View style={{ borderWidth: 1, borderColor: colors.ink, padding: 12, marginTop: 6, flexDirection: 'row', gap: 16 }}>
          <View style={{ width: 25 * MM }}>
            <Svg width={25 * MM} height={25 * MM} viewBox={`0 0 ${qr.size} ${qr.size}`}>
              <Path d={qr.d} fill="#000000" />
            </Svg>
          </View>
          <View style={{ flex: 1 }}>
            <Text style={[base.bold, { fontSize: 11, marginBottom: 6 }]}>RATA UNICA {due ? `entro il ${due}` : ''}</Text>
            <View style={{ flexDirection: 'row', gap: 16 }}>
              <View style={{ flex: 1 }}>
                <Text style={base.label}>Destinatario</Text>
                <Text style={base.value}>{fit(data.debtor.fullName, 70) || '—'}</Text>
                <Text style={base.label}>Ente creditore</Text>
                <Text style={base.value}>{fit(data.ente.name, 100)}</Text>
                <Text style={base.label}>Oggetto del pagamento</Text>
                <Text style={base.value}>{subject}</Text>
              </View>
              <View style={{ width: 170 }}>
                <Text style={base.label}>Euro</Text>
                <Text style={[base.value, base.bold, { fontSize: 14 }]}>{amount}</Text>
                {data.ente.cbill && (
                  <>
                    <Text style={base.label}>Codice CBILL</Text>
                    <Text style={[base.value, base.mono]}>{data.ente.cbill.toUpperCase()}</Text>
                  </>
                )}
                <Text style={base.label}>Codice avviso</Text>
                <Text style={[base.value, base.mono]}>{formatNoticeNumber(data.noticeNumber)}</Text>
                <Text style={base.label}>Cod. fiscale ente creditore</Text>
                <Text style={[base.value, base.mono]}>{data.ente.fiscalCode}</Text>
              </View>
            </View>
          </View>
        </View>
        <Text style={{ fontSize: 8, color: colors.muted, marginTop: 8 }}>
          Inquadra il codice QR con la tua app di pagamento o usa i dati accanto per pagare in banca, in posta, in ricevitoria o dal
          tabaccaio.
        </Text>
        {data.portalProvider && (
          <Text style={{ fontSize: 8, color: colors.muted, marginTop: 4 }}>
            Avviso emesso tramite il portale dei pagamenti di {fit(data.portalProvider, 120)}.
          </Text>
        )}
      </Page>
    </Document>
  );
}

export async function renderNoticePdf(data: NoticeDocumentData): Promise<Buffer> {
  const pdf = await loadReactPdf();
  return pdf.renderToBuffer(<NoticeDocument data={data} pdf={pdf} />);
}
