// tsconfig's "jsx": "preserve" is for Next; without this pragma tsx (worker, bench) would emit React.createElement.
/** @jsxRuntime automatic */
import type { Receipt } from '@/db/schema';
import { formatEuro } from '@/lib/format/money';
import { formatDateTime } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { base, colors } from './pdf-styles';
import { loadReactPdf, type ReactPdfModule } from './react-pdf';

export interface ReceiptDocumentData {
  receipt: Receipt;
  serviceTitle: string | null;
  ente: { name: string; fiscalCode: string; address: string | null };
}

/** pagoPA payment method codes, in words. */
const METHODS: Record<string, string> = {
  CP: 'Carta di pagamento',
  BBT: 'Bonifico bancario',
  BP: 'Bollettino postale',
  PPAL: 'PayPal',
  APP: 'App di pagamento',
  AD: 'Addebito diretto',
  JIF: 'Bancomat Pay',
};

function Row({ pdf: { Text, View }, label, value, mono }: { pdf: ReactPdfModule; label: string; value: string; mono?: boolean }) {
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 4, borderBottomWidth: 1, borderBottomColor: colors.line }}>
      <Text style={{ width: 170, color: colors.muted }}>{label}</Text>
      <Text style={[{ flex: 1 }, mono ? base.mono : {}]}>{value}</Text>
    </View>
  );
}

/** The ricevuta: who was paid, by whom, what, how much, through which PSP, when, with pagoPA's receipt id. */
function ReceiptDocument({ data, pdf }: { data: ReceiptDocumentData; pdf: ReactPdfModule }) {
  const { Document, Page, Text, View } = pdf;
  const r = data.receipt;
  const total = r.amountCents + (r.feeCents ?? 0);
  return (
    <Document title={`Ricevuta ${r.receiptId}`} author={data.ente.name} language="it">
      <Page size="A4" style={base.page}>
        <Text style={[base.label, { fontSize: 9 }]}>Ricevuta di pagamento pagoPA</Text>
        <Text style={[base.h1, { marginTop: 4 }]}>{data.ente.name}</Text>
        <Text style={{ color: colors.muted }}>
          Codice fiscale {data.ente.fiscalCode}
          {data.ente.address ? ` · ${data.ente.address}` : ''}
        </Text>
        <View style={{ backgroundColor: colors.surface, padding: 14, marginVertical: 16 }}>
          <Text style={base.label}>Importo pagato</Text>
          <Text style={base.big}>{formatEuro(r.amountCents)}</Text>
          <Text style={{ color: colors.muted }}>Pagamento eseguito il {formatDateTime(r.paymentDateTime)}</Text>
        </View>
        <Text style={base.h2}>Dettagli</Text>
        {data.serviceTitle && <Row pdf={pdf} label="Servizio" value={data.serviceTitle} />}
        <Row pdf={pdf} label="Causale" value={r.description} />
        <Row pdf={pdf} label="Debitore" value={r.debtor ? `${r.debtor.fullName} (${r.debtor.fiscalCode})` : 'Non indicato'} />
        {r.payer?.email && <Row pdf={pdf} label="E-mail del pagatore" value={r.payer.email} />}
        <Row pdf={pdf} label="Codice avviso" value={formatNoticeNumber(r.noticeNumber)} mono />
        <Row pdf={pdf} label="IUV" value={r.creditorReferenceId} mono />
        <Row pdf={pdf} label="Importo" value={formatEuro(r.amountCents)} />
        <Row pdf={pdf} label="Commissione del PSP" value={r.feeCents !== null ? formatEuro(r.feeCents) : 'Non comunicata'} />
        <Row pdf={pdf} label="Totale addebitato" value={formatEuro(total)} />
        <Row pdf={pdf} label="Prestatore (PSP)" value={`${r.pspName} (${r.idPsp})`} />
        {r.paymentMethod && <Row pdf={pdf} label="Metodo" value={METHODS[r.paymentMethod] ?? r.paymentMethod} />}
        <Row pdf={pdf} label="Identificativo ricevuta" value={r.receiptId} mono />
        <Row pdf={pdf} label="Data e ora" value={formatDateTime(r.paymentDateTime)} />
        <Text style={{ fontSize: 8, color: colors.muted, marginTop: 16 }}>
          Ricevuta n. {r.seq} dell&apos;Ente, impronta SHA-256 {r.hash}. La ricevuta telematica originale è conservata dall&apos;Ente.
        </Text>
      </Page>
    </Document>
  );
}

export async function renderReceiptPdf(data: ReceiptDocumentData): Promise<Buffer> {
  const pdf = await loadReactPdf();
  return pdf.renderToBuffer(<ReceiptDocument data={data} pdf={pdf} />);
}
