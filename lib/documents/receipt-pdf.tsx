// tsconfig's "jsx": "preserve" is for Next; without this pragma tsx (worker, bench) would emit React.createElement.
/** @jsxRuntime automatic */
import type { Styles } from '@react-pdf/renderer';
import type { Receipt, ReceiptSubject, ReceiptTransfer } from '@/db/schema';
import { formatEuro } from '@/lib/format/money';
import { formatDateTime } from '@/lib/format/date';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { EMBEDDED_TYPEFACES, loadEmbeddedFonts, type Printable } from './pdf-fonts';
import { colors, pdfStyles } from './pdf-styles';
import { loadReactPdf, type ReactPdfModule } from './react-pdf';

type Style = Styles[string];

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
 * monospace characters (0.6 em wide) as the column holds. Prose gets hyphenated only inside very long words.
 */
const PAGE_WIDTH = 595.28;
const PAGE_PADDING = 36;
const LABEL_WIDTH = 170;
const VALUE_WIDTH = PAGE_WIDTH - 2 * PAGE_PADDING - LABEL_WIDTH;

function codeLines(value: string, width: number, fontSize: number): string[] {
  const perLine = Math.max(1, Math.floor(width / (0.6 * fontSize)) - 1);
  const lines: string[] = [];
  for (let at = 0; at < value.length; at += perLine) lines.push(value.slice(at, at + perLine));
  return lines;
}

const splitLongWords = (word: string) => (word.length > 24 ? [...word] : [word]);

/** In embedded fonts: a PDF/A file carries every font it uses. */
const styles = pdfStyles(EMBEDDED_TYPEFACES);

/** The renderer and what its embedded fonts can draw: every text that comes from data goes through `printable`. */
interface Kit {
  pdf: ReactPdfModule;
  printable: Printable;
}

/**
 * A code in monospace, one Text per line: a line break inside a Text would become a run without glyphs in react-pdf's
 * last-resort font, Helvetica, which the file would then name without embedding it.
 */
function Code({
  pdf,
  value,
  width,
  fontSize,
  style,
}: {
  pdf: ReactPdfModule;
  value: string;
  width: number;
  fontSize: number;
  style: Style;
}) {
  const { Text, View } = pdf;
  return (
    <View style={style}>
      {codeLines(value, width, fontSize).map((line, i) => (
        <Text key={i} style={styles.mono}>
          {line}
        </Text>
      ))}
    </View>
  );
}

function Row({ kit: { pdf, printable }, label, value, mono }: { kit: Kit; label: string; value: string; mono?: boolean }) {
  const { Text, View } = pdf;
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 3, borderBottomWidth: 1, borderBottomColor: colors.line }} wrap={false}>
      <Text style={{ width: LABEL_WIDTH, color: colors.muted }}>{label}</Text>
      {mono ? (
        <Code pdf={pdf} value={printable(value)} width={VALUE_WIDTH} fontSize={10} style={{ flex: 1 }} />
      ) : (
        <Text style={{ flex: 1 }} hyphenationCallback={splitLongWords}>
          {printable(value)}
        </Text>
      )}
    </View>
  );
}

/**
 * A metadata value: pdfkit copies the Info dictionary into the XMP packet without escaping it, so an «&» or «<» would
 * make the XMP malformed and the Info and the XMP would no longer agree.
 */
const xmpSafe = (text: string) => text.replace(/&/g, 'e').replace(/[<>]/g, '');

const subject = (s: ReceiptSubject) => `${s.fullName} (${s.fiscalCode})${s.email ? ` · ${s.email}` : ''}`;

const COLUMNS = { n: 18, beneficiary: 1.2, account: 140, causale: 1, taxonomy: 76, amount: 62 } as const;
const TABLE_FONT = 8;

/** The breakdown by beneficiary of a multi-transfer payment: who receives what, where, for what. */
function Transfers({ kit: { pdf, printable }, transfers }: { kit: Kit; transfers: ReceiptTransfer[] }) {
  const { Text, View } = pdf;
  const cell = { paddingVertical: 2, paddingRight: 4 };
  return (
    <View style={{ marginTop: 14, fontSize: TABLE_FONT }}>
      <Text style={styles.h2}>Ripartizione tra i beneficiari</Text>
      <View style={{ flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: colors.ink }} fixed>
        <Text style={[cell, styles.bold, { width: COLUMNS.n }]}>N.</Text>
        <Text style={[cell, styles.bold, { flex: COLUMNS.beneficiary }]}>Beneficiario</Text>
        <Text style={[cell, styles.bold, { width: COLUMNS.account }]}>Conto di accredito</Text>
        <Text style={[cell, styles.bold, { flex: COLUMNS.causale }]}>Causale</Text>
        <Text style={[cell, styles.bold, { width: COLUMNS.taxonomy }]}>Tassonomia</Text>
        <Text style={[cell, styles.bold, { width: COLUMNS.amount, textAlign: 'right' }]}>Importo</Text>
      </View>
      {transfers.map((t) => (
        <View key={t.idTransfer} style={{ flexDirection: 'row', borderBottomWidth: 1, borderBottomColor: colors.line }} wrap={false}>
          <Text style={[cell, { width: COLUMNS.n }]}>{t.idTransfer}</Text>
          <Text style={[cell, { flex: COLUMNS.beneficiary }]} hyphenationCallback={splitLongWords}>
            {printable(t.companyName ? `${t.companyName} (${t.fiscalCodePA})` : t.fiscalCodePA)}
          </Text>
          {t.iban ? (
            <Code
              pdf={pdf}
              value={printable(t.iban)}
              width={COLUMNS.account - 4}
              fontSize={TABLE_FONT}
              style={{ ...cell, width: COLUMNS.account }}
            />
          ) : (
            <Text style={[cell, { width: COLUMNS.account }]}>Marca da bollo digitale</Text>
          )}
          <Text style={[cell, { flex: COLUMNS.causale }]} hyphenationCallback={splitLongWords}>
            {printable(t.remittanceInformation)}
          </Text>
          <Code
            pdf={pdf}
            value={printable(t.transferCategory)}
            width={COLUMNS.taxonomy - 4}
            fontSize={TABLE_FONT}
            style={{ ...cell, width: COLUMNS.taxonomy }}
          />
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
function ReceiptDocument({ data, kit }: { data: ReceiptDocumentData; kit: Kit }) {
  const { Document, Page, Text, View } = kit.pdf;
  const { printable } = kit;
  const r = data.receipt;
  const paidAt = `${formatDateTime(r.paymentDateTime)} (ora italiana)`;
  // Created when the receipt was recorded: the same receipt always gives the same bytes (the file ID derives from it).
  return (
    <Document
      conformance="PDF/A-2b"
      title={`Ricevuta ${r.noticeNumber}`}
      author={xmpSafe(data.ente.name)}
      subject="Ricevuta di pagamento pagoPA"
      creationDate={r.createdAt}
      language="it"
    >
      <Page size="A4" style={styles.page}>
        <Text style={[styles.label, { fontSize: 9 }]}>Ricevuta di pagamento pagoPA</Text>
        <Text style={[styles.h1, { marginTop: 4 }]}>{printable(data.ente.name)}</Text>
        <Text style={{ color: colors.muted }}>
          Codice fiscale {printable(data.ente.fiscalCode)}
          {data.ente.address ? ` · ${printable(data.ente.address)}` : ''}
        </Text>
        <View style={{ backgroundColor: colors.surface, padding: 12, marginVertical: 12 }}>
          <Text style={styles.label}>Importo pagato</Text>
          <Text style={styles.big}>{formatEuro(r.amountCents)}</Text>
          <Text style={{ color: colors.muted }}>Pagamento eseguito il {paidAt}</Text>
        </View>
        <Text style={styles.h2}>Attestazione di pagamento</Text>
        <Row kit={kit} label="Data e ora del pagamento" value={paidAt} />
        <Row kit={kit} label="Ente creditore" value={r.officeName ? `${r.companyName} · ${r.officeName}` : r.companyName} />
        <Row kit={kit} label="Codice fiscale dell'Ente creditore" value={r.creditorFiscalCode} mono />
        {data.serviceTitle && <Row kit={kit} label="Servizio" value={data.serviceTitle} />}
        <Row kit={kit} label="Causale" value={r.description} />
        <Row kit={kit} label="Codice avviso" value={formatNoticeNumber(r.noticeNumber)} mono />
        <Row kit={kit} label="IUV" value={r.creditorReferenceId} mono />
        <Row kit={kit} label="Debitore" value={r.debtor ? subject(r.debtor) : 'Non indicato'} />
        {r.payer && <Row kit={kit} label="Pagatore" value={subject(r.payer)} />}
        <Row kit={kit} label="Importo" value={formatEuro(r.amountCents)} />
        {r.feeCents !== null && <Row kit={kit} label="Commissione del PSP" value={formatEuro(r.feeCents)} />}
        {r.feeCents !== null && <Row kit={kit} label="Totale addebitato" value={formatEuro(r.amountCents + r.feeCents)} />}
        <Row kit={kit} label="Prestatore (PSP)" value={`${r.pspName} (${r.idPsp})`} />
        {r.pspFiscalCode && <Row kit={kit} label="Codice fiscale del PSP" value={r.pspFiscalCode} mono />}
        {r.pspVatNumber && <Row kit={kit} label="Partita IVA del PSP" value={r.pspVatNumber} mono />}
        {r.paymentMethod && <Row kit={kit} label="Metodo" value={METHODS[r.paymentMethod] ?? r.paymentMethod} />}
        {r.paymentNote && <Row kit={kit} label="Nota del pagamento" value={r.paymentNote} />}
        <Row kit={kit} label="Identificativo ricevuta" value={r.receiptId} mono />
        {r.transfers.length > 1 && <Transfers kit={kit} transfers={r.transfers} />}
        <Text style={{ fontSize: 8, color: colors.muted, marginTop: 10 }}>
          Ricevuta n. {r.seq} dell&apos;Ente, impronta SHA-256 {r.hash}. La ricevuta telematica originale è conservata dall&apos;Ente.
        </Text>
      </Page>
    </Document>
  );
}

/**
 * The ricevuta as a PDF/A-2b file, a format admitted to conservazione (AgID guidelines, Allegato 2): react-pdf's
 * `conformance` has its pdfkit write the XMP metadata (pdfaid part 2, level B) and an sRGB output intent; the fonts are
 * ours, embedded. Checked by tests/support/pdfa-check.ts.
 */
export async function renderReceiptPdf(data: ReceiptDocumentData): Promise<Buffer> {
  const pdf = await loadReactPdf();
  const printable = await loadEmbeddedFonts(pdf);
  return pdf.renderToBuffer(<ReceiptDocument data={data} kit={{ pdf, printable }} />);
}
