import { z } from 'zod';
import type { Database } from '@/db';
import type { OutboxMessage } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { renderStoredReceipt } from '@/lib/documents/position-documents';
import type { OutgoingEmail } from './email/mailer';
import { renderEmail } from './email/templates';
import { loadMessageFacts, UndeliverableError } from './facts';
import { loadNotificationSettings } from './settings';

const address = z.email();

/** The e-mail of one outbox message, or `cancelled` when it is no longer needed (loadMessageFacts). */
export async function composeEmail(db: Database, message: OutboxMessage): Promise<OutgoingEmail | 'cancelled'> {
  if (!address.safeParse(message.recipient).success) throw new UndeliverableError('indirizzo e-mail non valido');
  const loaded = await loadMessageFacts(db, message);
  if (loaded === 'cancelled') return 'cancelled';
  const { ente, facts, receipt } = loaded;
  const settings = await loadNotificationSettings(db, ente.id);
  const from = { name: ente.name, address: settings.senderAddress ?? readConfig().SMTP_FROM };
  const attachments =
    receipt && settings.attachReceiptPdf
      ? [
          {
            filename: `ricevuta-${receipt.receipt.noticeNumber}.pdf`,
            content: await renderStoredReceipt(db, ente, receipt),
            contentType: 'application/pdf',
          },
        ]
      : undefined;
  return { from, to: message.recipient, ...renderEmail(facts), attachments };
}
