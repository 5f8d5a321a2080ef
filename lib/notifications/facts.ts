import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enteColumns, enti, type Ente, type NotificationKind, type OutboxMessage } from '@/db/schema';
import { signLink } from '@/lib/documents/links';
import { formatDate, formatDateTime } from '@/lib/format/date';
import { formatEuro } from '@/lib/format/money';
import { formatNoticeNumber } from '@/lib/pagopa/notice';
import { findReceipt } from '@/lib/payments/queries';
import { findPosition } from '@/lib/positions/queries';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { enteUrl } from '@/lib/tenancy/urls';

/** A message that can never be sent (its data is gone or the address is not one): it dies at once. */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}

/** What a message says, whatever the channel: amounts, dates and names, never the citizen's data. */
export interface MessageFacts {
  kind: NotificationKind;
  ente: Pick<Ente, 'name' | 'email' | 'pec' | 'phone' | 'address' | 'website' | 'officeHours'>;
  /** Absolute URL of the Ente's logo, when it has one. */
  logoUrl: string | null;
  amountCents: number;
  service: string;
  /** The payment's time for a receipt; for a notice or reminder its due date (`2027-01-31`), null when it has none. */
  date: Date | string | null;
  /** The signed link to the ricevuta or the avviso. */
  link: string;
  noticeNumber: string;
}

type FoundReceipt = NonNullable<Awaited<ReturnType<typeof findReceipt>>>;

export interface LoadedFacts {
  ente: Omit<Ente, 'logoData'>;
  facts: MessageFacts;
  /** The receipt of a receipt message (the e-mail may attach its PDF). */
  receipt?: FoundReceipt;
}

/**
 * The facts of one outbox message, from the data as it is now; `cancelled` for a notice or reminder whose
 * position was paid or cancelled since (a reminder must not reach someone who already paid).
 */
export async function loadMessageFacts(db: Database, message: OutboxMessage): Promise<LoadedFacts | 'cancelled'> {
  const [ente] = await db.select(enteColumns).from(enti).where(eq(enti.id, message.enteId));
  if (!ente) throw new UndeliverableError('Ente non trovato');
  const origin = enteUrl(ente.slug, '');
  const common = { kind: message.kind, ente, logoUrl: enteLogoSrc(ente, origin) };

  if (message.kind === 'receipt') {
    const found = message.receiptRowId ? await findReceipt(db, ente.id, message.receiptRowId) : undefined;
    if (!found) throw new UndeliverableError('ricevuta non trovata');
    const { receipt, position } = found;
    const facts: MessageFacts = {
      ...common,
      amountCents: receipt.amountCents,
      service: position?.serviceTitle ?? receipt.description,
      date: receipt.paymentDateTime,
      link: `${origin}/ricevute/${receipt.id}?t=${signLink('receipt', ente.id, receipt.id)}`,
      noticeNumber: receipt.noticeNumber,
    };
    return { ente, facts, receipt: found };
  }

  const position = message.positionId ? await findPosition(db, ente.id, message.positionId) : undefined;
  if (!position) throw new UndeliverableError('posizione non trovata');
  if (position.status !== 'valid') return 'cancelled';
  const facts: MessageFacts = {
    ...common,
    amountCents: position.amountCents,
    service: position.serviceTitle ?? position.causale,
    date: position.dueDate,
    link: `${origin}/avvisi/${position.noticeNumber}?t=${signLink('notice', ente.id, position.noticeNumber)}`,
    noticeNumber: position.noticeNumber,
  };
  return { ente, facts };
}

const SUBJECTS: Record<NotificationKind, string> = {
  receipt: 'Ricevuta di pagamento',
  new_notice: 'Nuovo avviso di pagamento',
  reminder: 'Promemoria: avviso di pagamento in scadenza',
};

/** The subject of every channel: what the message is and who sends it, never whom it is about. */
export function messageSubject(facts: Pick<MessageFacts, 'kind' | 'ente'>): string {
  return `${SUBJECTS[facts.kind]} - ${facts.ente.name}`;
}

/** The message's opening sentence, its details as label and value, and what its link does. */
export function messageDetails(facts: MessageFacts): { intro: string; rows: [string, string][]; action: string } {
  const rows: [string, string][] = [
    ['Ente', facts.ente.name],
    ['Servizio', facts.service],
    ['Importo', formatEuro(facts.amountCents)],
    ['Codice avviso', formatNoticeNumber(facts.noticeNumber)],
  ];
  if (facts.kind === 'receipt') {
    if (facts.date) rows.push(['Data del pagamento', formatDateTime(new Date(facts.date))]);
    return { intro: `${facts.ente.name} ha ricevuto il tuo pagamento tramite pagoPA.`, rows, action: 'Scarica la ricevuta' };
  }
  if (facts.date) rows.push(['Scadenza', formatDate(facts.date)]);
  const intro =
    facts.kind === 'new_notice'
      ? `${facts.ente.name} ti ha inviato un avviso di pagamento pagoPA.`
      : `Ti ricordiamo che un avviso di pagamento di ${facts.ente.name} è in scadenza e non risulta ancora pagato.`;
  return { intro, rows, action: 'Apri l’avviso di pagamento' };
}

/** Where to write: the Ente's contacts, since nobody reads the sender's address. */
export function enteContacts(ente: MessageFacts['ente']): string[] {
  return [
    ente.address,
    ente.email && `E-mail: ${ente.email}`,
    ente.pec && `PEC: ${ente.pec}`,
    ente.phone && `Telefono: ${ente.phone}`,
    ente.officeHours && `Orari: ${ente.officeHours}`,
    ente.website,
  ].filter((line): line is string => Boolean(line));
}
