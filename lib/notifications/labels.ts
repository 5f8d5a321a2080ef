import type { OutboxMessage } from '@/db/schema';

export const NOTIFICATION_KIND_LABELS: Record<OutboxMessage['kind'], string> = {
  receipt: 'Ricevuta di pagamento',
  new_notice: 'Nuovo avviso',
  reminder: 'Promemoria di scadenza',
};

export const NOTIFICATION_CHANNEL_LABELS: Record<OutboxMessage['channel'], string> = { email: 'E-mail', io: 'App IO' };

export const NOTIFICATION_STATE_LABELS: Record<OutboxMessage['state'], string> = {
  pending: 'Da inviare',
  sent: 'Inviato',
  failed: 'Non riuscito, nuovo tentativo previsto',
  dead: 'Non inviato (rifiutato o tentativi esauriti)',
  cancelled: 'Non più necessario',
  unreachable: 'Non recapitabile su questo canale',
};

/** A message's state for staff: an App IO message that IO accepted is pending until IO says how it went. */
export function messageStateLabel(message: Pick<OutboxMessage, 'state' | 'channel' | 'providerId'>): string {
  if (message.channel === 'io' && message.providerId && message.state === 'pending') return 'Accettato da App IO, esito in verifica';
  return NOTIFICATION_STATE_LABELS[message.state];
}
