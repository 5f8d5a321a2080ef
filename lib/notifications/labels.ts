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
  dead: 'Non inviato (tentativi esauriti)',
  cancelled: 'Non più necessario',
};
