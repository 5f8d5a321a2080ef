import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { notificationOutbox, notificationSettings, positions, receipts } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import type { Tx } from '@/lib/payments/chain-head';
import { NOTIFICATION_DEFAULTS } from './settings';

/** An Ente's setting in SQL, with its default when the Ente never saved its settings. */
const setting = (column: keyof typeof NOTIFICATION_DEFAULTS, name: string) =>
  sql`coalesce(${sql.identifier('s')}.${sql.identifier(name)}, ${NOTIFICATION_DEFAULTS[column]})`;

/**
 * The receipt e-mails of receipts just appended, to the payer and to the debtor when different: one
 * INSERT … SELECT for the whole batch, in the append's transaction, so a batch of the sequencer costs one
 * statement more whatever its size. An address that repeats (payer = debtor) is one message.
 */
export async function queueReceiptMessages(tx: Tx, receiptRowIds: readonly string[]): Promise<void> {
  if (receiptRowIds.length === 0) return;
  await tx.execute(sql`
    insert into ${notificationOutbox} (ente_id, kind, channel, event_key, recipient, position_id, receipt_row_id)
    select distinct r.ente_id, 'receipt'::notification_kind, 'email'::notification_channel, 'receipt:' || r.id,
           lower(trim(a.email)), r.position_id, r.id
    from ${receipts} r
    left join ${positions} p on p.id = r.position_id and p.ente_id = r.ente_id
    left join ${notificationSettings} s on s.ente_id = r.ente_id
    cross join lateral (values (r.payer->>'email'), (r.debtor->>'email'), (p.debtor_email)) as a(email)
    where r.id in (${sql.join(
      receiptRowIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
      and a.email is not null and trim(a.email) <> ''
      and ${setting('emailEnabled', 'email_enabled')} and ${setting('receiptEnabled', 'receipt_enabled')}
    on conflict do nothing`);
}

/** The new-notice e-mails of positions just created, to their debtor when the e-mail is known. */
export async function queueNoticeMessages(tx: Tx | Database, enteId: string, positionIds: readonly string[]): Promise<void> {
  if (positionIds.length === 0) return;
  await tx.execute(sql`
    insert into ${notificationOutbox} (ente_id, kind, channel, event_key, recipient, position_id)
    select p.ente_id, 'new_notice'::notification_kind, 'email'::notification_channel, 'notice:' || p.id,
           lower(trim(p.debtor_email)), p.id
    from ${positions} p
    left join ${notificationSettings} s on s.ente_id = p.ente_id
    where p.ente_id = ${enteId} and p.id in (${sql.join(
      positionIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})
      and p.debtor_email is not null and trim(p.debtor_email) <> '' and p.status = 'valid'
      and ${setting('emailEnabled', 'email_enabled')} and ${setting('newNoticeEnabled', 'new_notice_enabled')}
    on conflict do nothing`);
}

/**
 * The reminders due today, for every Ente that sends them: reminder n of m (1..m) falls
 * `days × (m − n + 1) / m` days before the due date, so they are spread evenly up to it. Only the latest
 * one due is written (a worker that was down does not send a burst), and only for positions still valid:
 * the unique key stops each from being written twice. Returns how many were written.
 */
export async function queueReminders(db: Database, today: string): Promise<number> {
  const result = await db.execute(sql`
    insert into ${notificationOutbox} (ente_id, kind, channel, event_key, recipient, position_id)
    select p.ente_id, 'reminder'::notification_kind, 'email'::notification_channel, 'reminder:' || p.id || ':' || n,
           lower(trim(p.debtor_email)), p.id
    from ${notificationSettings} s
    join ${positions} p on p.ente_id = s.ente_id
    cross join lateral generate_series(1, s.max_reminders) as n
    where s.email_enabled and s.reminder_enabled
      and p.status = 'valid' and p.debtor_email is not null and trim(p.debtor_email) <> ''
      and p.due_date between ${today}::date and ${today}::date + s.reminder_days_before
      and ${today}::date >= p.due_date - (s.reminder_days_before * (s.max_reminders - n + 1) / s.max_reminders)
      and (n = s.max_reminders or ${today}::date < p.due_date - (s.reminder_days_before * (s.max_reminders - n) / s.max_reminders))
    on conflict do nothing
    returning 1`);
  return rowsOf(result).length;
}
