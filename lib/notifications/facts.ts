import { eq } from 'drizzle-orm';
import type { Database } from '@/db';
import { enteColumns, enti, type Ente, type NotificationKind, type OutboxMessage } from '@/db/schema';
import { DEFAULT_LOCALE, isLocale, localizedPath, type Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
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
  /** The language it is written in (the outbox row's). */
  locale: Locale;
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
  const locale = isLocale(message.locale) ? message.locale : DEFAULT_LOCALE;
  const common = { kind: message.kind, locale, ente, logoUrl: enteLogoSrc(ente, origin) };

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
    link: `${origin}${localizedPath(locale, `/avvisi/${position.noticeNumber}`)}?t=${signLink('notice', ente.id, position.noticeNumber)}`,
    noticeNumber: position.noticeNumber,
  };
  return { ente, facts };
}

/** The subject of every channel: what the message is and who sends it, never whom it is about. */
export function messageSubject(facts: Pick<MessageFacts, 'kind' | 'ente' | 'locale'>): string {
  return `${translate(facts.locale, 'Email')(`subject.${facts.kind}`)} - ${facts.ente.name}`;
}

/** The message's opening sentence, its details as label and value, and what its link does. */
export function messageDetails(facts: MessageFacts): { intro: string; rows: [string, string][]; action: string } {
  const t = translate(facts.locale, 'Email');
  const rows: [string, string][] = [
    [t('ente'), facts.ente.name],
    [t('service'), facts.service],
    [t('amount'), formatEuro(facts.amountCents, facts.locale)],
    [t('noticeNumber'), formatNoticeNumber(facts.noticeNumber)],
  ];
  const intro = t(`intro.${facts.kind}`, { ente: facts.ente.name });
  if (facts.kind === 'receipt') {
    if (facts.date) rows.push([t('paidAt'), formatDateTime(new Date(facts.date), facts.locale)]);
    return { intro, rows, action: t('downloadReceipt') };
  }
  if (facts.date) rows.push([t('dueDate'), formatDate(facts.date, facts.locale)]);
  return { intro, rows, action: t('openNotice') };
}

/** Where to write: the Ente's contacts, since nobody reads the sender's address. */
export function enteContacts(ente: MessageFacts['ente'], locale: Locale): string[] {
  const t = translate(locale, 'Email');
  return [
    ente.address,
    ente.email && t('email', { value: ente.email }),
    ente.pec && t('pec', { value: ente.pec }),
    ente.phone && t('phone', { value: ente.phone }),
    ente.officeHours && t('officeHours', { value: ente.officeHours }),
    ente.website,
  ].filter((line): line is string => Boolean(line));
}
