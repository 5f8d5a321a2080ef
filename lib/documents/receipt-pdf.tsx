// tsconfig's "jsx": "preserve" is for Next; without this pragma tsx (worker, bench) would emit React.createElement.
/** @jsxRuntime automatic */
import type { Receipt, ReceiptSubject, ReceiptTransfer } from '@/db/schema';
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

/** pagoPA payment method codes (as PSPs send them), in words. */
const METHODS: Record<string, string> = {
  CP: 'Carta di pagamento',
  creditCard: 'Carta di pagamento',
  BBT: 'Bonifico bancario',
  BP: 'Bollettino postale',
  PPAL: 'PayPal',
  APP: 'App di pagamento',
  AD: 'Addebito diretto',
  JIF: 'Bancomat Pay',
  BPAY: 'Bancomat Pay',
  MYBK: 'MyBank',
  SATY: 'Satispay',
  APPL: 'Apple Pay',
  GOOG: 'Google Pay',
};

/*
 * Codes (receipt ids, PSP fiscal codes of up to 70 characters, taxonomies) are single words that must
 * never overflow their column, and must never gain a hyphen either: they are cut into lines of as many
 * Courier characters (0.6 em wide) as the column holds. Prose gets hyphenated only inside very long words.
 */
const PAGE_WIDTH = 595.28;
const PAGE_PADDING = 36;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = PAGE_WIDTH - 2 * PAGE_PADDING - LABEL_WIDTH;

function codeLines(value: string, width: number, fontSize: number): string {
  const perLine = Math.max(1, Math.floor(width / (0.6 * fontSize)) - 1);
  const lines: string[] = [];
  for (let at = 0; at < value.length; at += perLine) lines.push(value.slice(at, at + perLine));
  return lines.join('\n');
}

const splitLongWords = (word: string) => (word.length > 24 ? [...word] : [word]);

function Row({ pdf: { Text, View }, label, value, mono }: { pdf: ReactPdfModule; label: string; value: string; mono?: boolean }) {
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 3, borderBottomWidth: 1, borderBottomColor: colors.line }} wrap={false}>
      <Text style={{ width: LABEL_WIDTH, color: colors.muted }}>{label}</Text>
      {mono ? (
        <Text style={[{ flex: 1 }, base.mono]}>{codeLines(value, VALUE_WIDTH, 10)}</Text>
      ) : (
        <Text style={{ flex: 1 }} hyphenationCallback={splitLongWords}>
          {value}
        </Text>
      )}
    </View>
  );
}

const subject = (s: ReceiptSubject) => `${s.fullName} (${s.fiscalCode})${s.email ? ` · ${s.email}` : ''}`;

const COLUMNS = { n: 18, beneficiary: 1.2, account: 140, causale: 1, taxonomy: 76, amount: 62 } as const;
const TABLE_FONT = 8;

/** The breakdown by beneficiary of a multi-transfer payment: who receives what, where, for what. */
function Transfers({ pdf, transfers }: { pdf: ReactPdfModule; transfers: ReceiptTransfer[] }) {
  const { Text, View } = pdf;
  const cell = { paddingVertical: 2, paddingRight: 4 };
  return (
    <View style={{ marginTop: 14, fontSize: TABLE_FONT }}>
      <Text style={base.h2}>Ripartizione tra i beneficiari</Text>
      <View style={{ flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: colors.ink }} fixed>
        <Text style={[cell, base.bold, { width: COLUMNS.n }]}>N.</Text>
        <Text style={[cell, base.bold, { flex: COLUMNS.beneficiary }]}>Beneficiario</Text>
        <Text style={[cell, base.bold, { width: COLUMNS.account }]}>Conto di accredito</Text>
        <Text style={[cell, base.bold, { flex: COLUMNS.causale }]}>Causale</Text>
        <Text style={[cell, base.bold, { width: COLUMNS.taxonomy }]}>Tassonomia</Text>
        <Text style={[cell, base.bold, { width: COLUMNS.amount, textAlign: 'right' }]}>Importo</Text>
      </View>
      {transfers.map((t) => (
        <View key={t.idTransfer} style={{ flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: colors.line }} wrap={false}>
          <Text style={[cell, { width: COLUMNS.n }]}>{t.idTransfer}</Text>
          <Text style={[cell, { flex: COLUMNS.beneficiary }]} hyphenationCallback={splitLongWords}>
            {t.companyName ? `${t.companyName} (${t.fiscalCodePA})` : t.fiscalCodePA}
          </Text>
          <Text style={[cell, { width: COLUMNS.account }, t.iban ? base.mono : {}]}>
            {t.iban ? codeLines(t.iban, COLUMNS.account - 4, TABLE_FONT) : 'Marca da bollo digitale'}
          </Text>
          <Text style={[cell, { flex: COLUMNS.causale }]} hyphenationCallback={splitLongWords}>
            {t.remittanceInformation}
          </Text>
          <Text style={[cell, base.mono, { width: COLUMNS.taxonomy }]}>
            {codeLines(t.transferCategory, COLUMNS.taxonomy - 4, TABLE_FONT)}
          </Text>
          <Text style={[cell, { width: COLUMNS.amount, textAlign: 'right' }]}>{formatEuro(t.amountCents)}</Text>
        </View>
      ))}
    </View>
  );
}

/**
 * The ricevuta, with what SANP's «attestazione di pagamento» lists: when, to which creditor (fiscal code
 * and name), for which IUV and notice, through which PSP (name, fiscal code, VAT number), by and for whom,
 * how much and at what fee, why, pagoPA's receipt id, and the split between beneficiaries when there is one.
 */
function ReceiptDocument({ data, pdf }: { data: ReceiptDocumentData; pdf: ReactPdfModule }) {
  const { Document, Page, Text, View } = pdf;
  const r = data.receipt;
  const paidAt = `${formatDateTime(r.paymentDateTime)} (ora italiana)`;
  return (
    <Document title={`Ricevuta ${r.noticeNumber}`} author={data.ente.name} language="it">
      <Page size="A4" style={base.page}>
        <Text style={[base.label, { fontSize: 9 }]}>Ricevuta di pagamento pagoPA</Text>
        <Text style={[base.h1, { marginTop: 4 }]}>{data.ente.name}</Text>
        <Text style={{ color: colors.muted }}>
          Codice fiscale {data.ente.fiscalCode}
          {data.ente.address ? ` · ${data.ente.address}` : ''}
        </Text>
        <View style={{ backgroundColor: colors.surface, padding: 12, marginVertical: 12 }}>
          <Text style={base.label}>Importo pagato</Text>
          <Text style={base.big}>{formatEuro(r.amountCents)}</Text>
          <Text style={{ color: colors.muted }}>Pagamento eseguito il {paidAt}</Text>
        </View>
        <Text style={base.h2}>Attestazione di pagamento</Text>
        <Row pdf={pdf} label="Data e ora del pagamento" value={paidAt} />
        <Row pdf={pdf} label="Ente creditore" value={r.officeName ? `${r.companyName} · ${r.officeName}` : r.companyName} />
        <Row pdf={pdf} label="Codice fiscale dell'Ente creditore" value={r.creditorFiscalCode} mono />
        {data.serviceTitle && <Row pdf={pdf} label="Servizio" value={data.serviceTitle} />}
        <Row pdf={pdf} label="Causale" value={r.description} />
        <Row pdf={pdf} label="Codice avviso" value={formatNoticeNumber(r.noticeNumber)} mono />
        <Row pdf={pdf} label="IUV" value={r.creditorReferenceId} mono />
        <Row pdf={pdf} label="Debitore" value={r.debtor ? subject(r.debtor) : 'Non indicato'} />
        {r.payer && <Row pdf={pdf} label="Pagatore" value={subject(r.payer)} />}
        <Row pdf={pdf} label="Importo" value={formatEuro(r.amountCents)} />
        {r.feeCents !== null && <Row pdf={pdf} label="Commissione del PSP" value={formatEuro(r.feeCents)} />}
        {r.feeCents !== null && <Row pdf={pdf} label="Totale addebitato" value={formatEuro(r.amountCents + r.feeCents)} />}
        <Row pdf={pdf} label="Prestatore (PSP)" value={`${r.pspName} (${r.idPsp})`} />
        {r.pspFiscalCode && <Row pdf={pdf} label="Codice fiscale del PSP" value={r.pspFiscalCode} mono />}
        {r.pspVatNumber && <Row pdf={pdf} label="Partita IVA del PSP" value={r.pspVatNumber} mono />}
        {r.paymentMethod && <Row pdf={pdf} label="Metodo" value={METHODS[r.paymentMethod] ?? r.paymentMethod} />}
        {r.paymentNote && <Row pdf={pdf} label="Nota del pagamento" value={r.paymentNote} />}
        <Row pdf={pdf} label="Identificativo ricevuta" value={r.receiptId} mono />
        {r.transfers.length > 1 && <Transfers pdf={pdf} transfers={r.transfers} />}
        <Text style={{ fontSize: 8, color: colors.muted, marginTop: 10 }}>
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
