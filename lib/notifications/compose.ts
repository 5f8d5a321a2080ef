import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { enteColumns, enti, type OutboxMessage } from '@/db/schema';
import { readConfig } from '@/lib/config';
import { signLink } from '@/lib/documents/links';
import { renderStoredReceipt } from '@/lib/documents/position-documents';
import { findReceipt } from '@/lib/payments/queries';
import { findPosition } from '@/lib/positions/queries';
import { enteLogoSrc } from '@/lib/settings/logo-url';
import { enteUrl } from '@/lib/tenancy/urls';
import type { OutgoingEmail } from './email/mailer';
import { renderEmail } from './email/templates';
import { loadNotificationSettings } from './settings';

/** A message that can never be sent (its data is gone or the address is not one): it dies at once. */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}

const address = z.email();

/**
 * The e-mail of one outbox message, from the data as it is now; `cancelled` for a notice or reminder whose
 * position was paid or cancelled since (a reminder must not reach someone who already paid).
 */
export async function composeEmail(db: Database, message: OutboxMessage): Promise<OutgoingEmail | 'cancelled'> {
  if (!address.safeParse(message.recipient).success) throw new UndeliverableError('indirizzo e-mail non valido');
  const [ente] = await db
    .select(enteColumns)
    .from(enti)
    .where(and(eq(enti.id, message.enteId)));
  if (!ente) throw new UndeliverableError('Ente non trovato');
  const settings = await loadNotificationSettings(db, ente.id);
  const origin = enteUrl(ente.slug, '');
  const common = { ente, logoUrl: enteLogoSrc(ente, origin) };
  const from = { name: ente.name, address: settings.senderAddress ?? readConfig().SMTP_FROM };

  if (message.kind === 'receipt') {
    const found = message.receiptRowId ? await findReceipt(db, ente.id, message.receiptRowId) : undefined;
    if (!found) throw new UndeliverableError('ricevuta non trovata');
    const { receipt, position } = found;
    const rendered = renderEmail({
      ...common,
      kind: 'receipt',
      amountCents: receipt.amountCents,
      service: position?.serviceTitle ?? receipt.description,
      date: receipt.paymentDateTime,
      link: `${origin}/ricevute/${receipt.id}?t=${signLink('receipt', ente.id, receipt.id)}`,
      noticeNumber: receipt.noticeNumber,
    });
    const attachments = settings.attachReceiptPdf
      ? [
          {
            filename: `ricevuta-${receipt.noticeNumber}.pdf`,
            content: await renderStoredReceipt(db, ente, found),
            contentType: 'application/pdf',
          },
        ]
      : undefined;
    return { from, to: message.recipient, ...rendered, attachments };
  }

  const position = message.positionId ? await findPosition(db, ente.id, message.positionId) : undefined;
  if (!position) throw new UndeliverableError('posizione non trovata');
  if (position.status !== 'valid') return 'cancelled';
  const rendered = renderEmail({
    ...common,
    kind: message.kind,
    amountCents: position.amountCents,
    service: position.serviceTitle ?? position.causale,
    date: position.dueDate,
    link: `${origin}/avvisi/${position.noticeNumber}?t=${signLink('notice', ente.id, position.noticeNumber)}`,
    noticeNumber: position.noticeNumber,
  });
  return { from, to: message.recipient, ...rendered };
}
