import { Document, Page, Text, View, renderToBuffer } from '@react-pdf/renderer';
import type { Receipt } from '@/db/schema';
import { formatEuro } from '@/lib/format/money';
import { formatDateTime } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { base, colors } from './pdf-styles';

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

function Row({ label, value, mono }: { label: string; value: string; mono?: boolean }) {
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 4, borderBottomWidth: 1, borderBottomColor: colors.line }}>
      <Text style={{ width: 170, color: colors.muted }}>{label}</Text>
      <Text style={[{ flex: 1 }, mono ? base.mono : {}]}>{value}</Text>
    </View>
  );
}

/** The ricevuta: who was paid, by whom, what, how much, through which PSP, when, with pagoPA's receipt id. */
function ReceiptDocument({ data }: { data: ReceiptDocumentData }) {
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
        {data.serviceTitle && <Row label="Servizio" value={data.serviceTitle} />}
        <Row label="Causale" value={r.description} />
        <Row label="Debitore" value={r.debtor ? `${r.debtor.fullName} (${r.debtor.fiscalCode})` : 'Non indicato'} />
        {r.payer?.email && <Row label="E-mail del pagatore" value={r.payer.email} />}
        <Row label="Codice avviso" value={formatNoticeNumber(r.noticeNumber)} mono />
        <Row label="IUV" value={r.creditorReferenceId} mono />
        <Row label="Importo" value={formatEuro(r.amountCents)} />
        <Row label="Commissione del PSP" value={r.feeCents !== null ? formatEuro(r.feeCents) : 'Non comunicata'} />
        <Row label="Totale addebitato" value={formatEuro(total)} />
        <Row label="Prestatore (PSP)" value={`${r.pspName} (${r.idPsp})`} />
        {r.paymentMethod && <Row label="Metodo" value={METHODS[r.paymentMethod] ?? r.paymentMethod} />}
        <Row label="Identificativo ricevuta" value={r.receiptId} mono />
        <Row label="Data e ora" value={formatDateTime(r.paymentDateTime)} />
        <Text style={{ fontSize: 8, color: colors.muted, marginTop: 16 }}>
          Ricevuta n. {r.seq} dell&apos;Ente, impronta SHA-256 {r.hash}. La ricevuta telematica originale è conservata dall&apos;Ente.
        </Text>
      </Page>
    </Document>
  );
}

export function renderReceiptPdf(data: ReceiptDocumentData): Promise<Buffer> {
  return renderToBuffer(<ReceiptDocument data={data} />);
}
