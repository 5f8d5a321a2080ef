import { Document, Page, Text, View, renderToBuffer } from '@react-pdf/renderer';
import { base, colors } from '@/lib/documents/pdf-styles';
import { formatDate } from '@/lib/format/date';
import { formatEuro, groupThousands } from '@/lib/format/money';
import { BILLING_METHOD_LABELS, type BillingLine, type BillingMethod } from './compute';
import { ENTE_KIND_LABELS } from './labels';

/** The Province's letterhead, from the provider's profile. */
export interface Letterhead {
  name: string;
  serviceCentreName: string;
  fiscalCode: string | null;
  address: string | null;
  email: string | null;
  pec: string | null;
  phone: string | null;
}

export interface StatementData {
  letterhead: Letterhead;
  year: number;
  method: BillingMethod;
  line: BillingLine;
  /** Set for an approved year; otherwise the statement is a draft computed on `computedAt`. */
  approvedAt: Date | null;
  computedAt: Date;
}

function Row({ label, detail, amount, strong }: { label: string; detail?: string; amount: string; strong?: boolean }) {
  return (
    <View style={{ flexDirection: 'row', paddingVertical: 6, borderBottomWidth: 1, borderBottomColor: colors.line }}>
      <View style={{ flex: 1, paddingRight: 12 }}>
        <Text style={strong ? base.bold : {}}>{label}</Text>
        {detail && <Text style={{ color: colors.muted, fontSize: 9 }}>{detail}</Text>}
      </View>
      <Text style={[{ width: 110, textAlign: 'right' }, strong ? base.bold : {}]}>{amount}</Text>
    </View>
  );
}

/** One Ente's CIT fees for a year, on the Province's letterhead. */
function StatementDocument({ data }: { data: StatementData }) {
  const { line, letterhead } = data;
  const contacts = [
    letterhead.address,
    letterhead.phone && `Tel. ${letterhead.phone}`,
    letterhead.email,
    letterhead.pec && `PEC ${letterhead.pec}`,
  ]
    .filter(Boolean)
    .join(' · ');
  const discounted = line.yearlyCents !== line.ordinaryYearlyCents;
  const maintenanceDetail = [
    `${line.band}. ${line.condition}.`,
    `Canone annuo ${formatEuro(line.yearlyCents)}${discounted ? ` anziché ${formatEuro(line.ordinaryYearlyCents)}` : ''}.`,
    data.method === 'pro_rata'
      ? `In proporzione ai giorni di attività: ${line.activeDays} su ${line.daysInYear}.`
      : `Canone intero: Ente attivo per ${line.activeDays} giorni su ${line.daysInYear}.`,
  ].join(' ');
  return (
    <Document title={`Prospetto quote ${data.year} - ${line.name}`} author={letterhead.name} language="it">
      <Page size="A4" style={base.page}>
        <Text style={base.h1}>{letterhead.name}</Text>
        <Text style={base.bold}>{letterhead.serviceCentreName}</Text>
        {letterhead.fiscalCode && <Text style={{ color: colors.muted }}>Codice fiscale {letterhead.fiscalCode}</Text>}
        {contacts && <Text style={{ color: colors.muted }}>{contacts}</Text>}
        <View style={base.rule} />

        <Text style={[base.label, { fontSize: 9 }]}>Prospetto delle quote del servizio Portale pagoPA</Text>
        <Text style={[base.h1, { marginTop: 4 }]}>Anno {data.year}</Text>
        <Text style={{ color: data.approvedAt ? colors.ink : colors.muted }}>
          {data.approvedAt
            ? `Fatturazione approvata il ${formatDate(data.approvedAt)}. ${BILLING_METHOD_LABELS[data.method]}.`
            : `Bozza: anno non ancora approvato, importi calcolati il ${formatDate(data.computedAt)} con i dati attuali. ${BILLING_METHOD_LABELS[data.method]}.`}
        </Text>

        <View style={{ backgroundColor: colors.surface, padding: 14, marginVertical: 16 }}>
          <Text style={base.label}>Ente</Text>
          <Text style={[base.value, base.bold]}>{line.name}</Text>
          <Text>
            {ENTE_KIND_LABELS[line.kind]} · Codice fiscale {line.fiscalCode}
            {line.population !== null ? ` · ${groupThousands(line.population)} abitanti al 31.12.2013` : ''}
          </Text>
          {line.parentName && <Text>Aderente a: {line.parentName}</Text>}
          <Text>Prima attivazione del servizio: {formatDate(line.firstActivation)}</Text>
        </View>

        <Text style={base.h2}>Quote</Text>
        {line.firstActivation.startsWith(`${data.year}-`) && (
          <Row
            label="Quota di attivazione"
            detail={
              line.activationCents === line.ordinaryActivationCents
                ? "Dovuta nell'anno della prima attivazione."
                : `Dovuta nell'anno della prima attivazione. Condizione multi-ente: anziché ${formatEuro(line.ordinaryActivationCents)}.`
            }
            amount={formatEuro(line.activationCents)}
          />
        )}
        <Row label="Assistenza e manutenzione annuale" detail={maintenanceDetail} amount={formatEuro(line.maintenanceCents)} />
        <Row label={`Totale ${data.year}`} amount={formatEuro(line.totalCents)} strong />

        <Text style={{ fontSize: 9, color: colors.muted, marginTop: 16 }}>
          Maggiorazione della quota di adesione al {letterhead.serviceCentreName} per l&apos;attivazione e il mantenimento del servizio
          Portale pagoPA, con natura di trasferimento a {letterhead.name}. La quota del partner tecnologico scelto dall&apos;Ente è esclusa
          ed è a carico dell&apos;Ente.
        </Text>
      </Page>
    </Document>
  );
}

export function renderStatementPdf(data: StatementData): Promise<Buffer> {
  return renderToBuffer(<StatementDocument data={data} />);
}
