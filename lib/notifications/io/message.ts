import { romeLocalToDate } from '@/lib/format/rome-time';
import { enteContacts, messageDetails, messageSubject, type MessageFacts } from '../facts';
import type { IoNewMessage } from './client';

/*
 * The App IO message of one outbox message (reference notifications.md §2). IO e-mails the citizen the
 * subject and the first 134 characters of the text, so both say only what the message is and who sends it:
 * the service (a causale may name people), the amount and the notice come after an opening longer than that.
 */

const SUBJECT_MAX = 120;
/** The characters of the text IO copies into its e-mail (EmailNotification/utils.ts). */
export const IO_EMAIL_PREVIEW = 134;

const OPENINGS: Record<MessageFacts['kind'], string> = {
  receipt: 'Qui sotto trovi i dati del pagamento e il collegamento per scaricare la ricevuta, che vale come quietanza.',
  new_notice:
    'Puoi pagarlo da qui con il pulsante «Paga», oppure entro la scadenza con qualsiasi canale pagoPA: app della banca, sportelli, uffici postali e tabaccherie.',
  reminder:
    'Puoi pagarlo da qui con il pulsante «Paga», oppure con qualsiasi canale pagoPA. Se lo hai pagato nelle ultime ore, non tenere conto di questo messaggio.',
};

/** Text from the Ente or a form, shown as itself: no markdown of its own (a link, an image) reaches the citizen. */
function plain(text: string, max = 300): string {
  const clipped = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return clipped.replace(/\s+/g, ' ').replace(/[\\`*_[\]<>|~]/g, (c) => `\\${c}`);
}

/** A due date as IO wants it: the end of that day in Italy (23:59:59 Europe/Rome), in UTC. */
export function ioDueDate(day: string): string {
  const end = romeLocalToDate(`${day}T23:59:59`);
  if (!end) throw new RangeError(`data di scadenza non valida: ${day}`);
  return end.toISOString();
}

/**
 * The message to a fiscal code. A notice or reminder carries the pay button (`payment_data`, amount in cents) and
 * its due date, after which IO shows it expired: a position's own due date is binding (lib/positions/partner-position.ts);
 * one without a due date has neither. A receipt carries neither.
 */
export function renderIoMessage(fiscalCode: string, facts: MessageFacts): IoNewMessage {
  const subject = messageSubject(facts);
  const { intro, rows, action } = messageDetails(facts);
  const contacts = enteContacts(facts.ente, facts.locale).map((line) => plain(line));
  const markdown = [
    `${plain(intro, 1000)} ${OPENINGS[facts.kind]}`,
    rows.map(([label, value]) => `- **${label}:** ${plain(value)}`).join('\n'),
    `[${action}](${facts.link})`,
    contacts.length > 0
      ? `Per domande scrivi a ${plain(facts.ente.name)}: ${contacts.join(' · ')}`
      : `Per domande rivolgiti a ${plain(facts.ente.name)}.`,
  ].join('\n\n');
  const payable = facts.kind !== 'receipt';
  const dueDay = payable && typeof facts.date === 'string' ? facts.date : null;
  return {
    fiscal_code: fiscalCode.toUpperCase(),
    feature_level_type: 'STANDARD',
    content: {
      subject: subject.length > SUBJECT_MAX ? `${subject.slice(0, SUBJECT_MAX - 1)}…` : subject,
      markdown,
      ...(dueDay ? { due_date: ioDueDate(dueDay) } : {}),
      ...(payable
        ? { payment_data: { amount: facts.amountCents, notice_number: facts.noticeNumber, invalid_after_due_date: dueDay !== null } }
        : {}),
    },
  };
}
