import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@/db';
import { cartItems, carts, notificationOutbox, notificationSettings, positions, receipts } from '@/db/schema';
import { rowsOf } from '@/lib/jobs/queue';
import type { Tx } from '@/lib/payments/chain-head';
import { IO_FISCAL_CODE } from './io/client';
import { NOTIFICATION_DEFAULTS } from './settings';

/** An Ente's setting in SQL, with its default when the Ente never saved its settings. */
const setting = (column: keyof typeof NOTIFICATION_DEFAULTS, name: string) =>
  sql`coalesce(${sql.identifier('s')}.${sql.identifier(name)}, ${NOTIFICATION_DEFAULTS[column]})`;

/**
 * Every recipient of a message, on each channel: e-mail addresses (lower case) and fiscal codes for App IO
 * (upper case), as the rows `a(channel, recipient)` of a lateral join. `channelsOn` keeps those the Ente sends
 * on and that are addresses at all: not empty, and for App IO a person's code (IO has no profiles for
 * companies, nor for ANONIMO) with the Ente's service key stored.
 */
function recipients(emails: SQL[], fiscalCodes: SQL[]): SQL {
  const rows = [
    ...emails.map((email) => sql`('email'::notification_channel, lower(trim(${email})))`),
    ...fiscalCodes.map((code) => sql`('io'::notification_channel, upper(trim(${code})))`),
  ];
  return sql`cross join lateral (values ${sql.join(rows, sql`, `)}) as a(channel, recipient)`;
}

const channelsOn = sql`(
  (a.channel = 'email' and a.recipient <> '' and ${setting('emailEnabled', 'email_enabled')})
  or (a.channel = 'io' and a.recipient ~ ${IO_FISCAL_CODE.source} and ${setting('ioEnabled', 'io_enabled')}
      and s.io_service_key_ciphertext is not null))`;

const uuidList = (ids: readonly string[]) =>
  sql.join(
    ids.map((id) => sql`${id}::uuid`),
    sql`, `,
  );

/**
 * The receipt messages of receipts just appended, to the payer and to the debtor when different, by e-mail
 * and on App IO: one INSERT … SELECT for the whole batch, in the append's transaction, so a batch of the
 * sequencer costs one statement more whatever its size. A recipient that repeats (payer = debtor) is one message.
 * An e-mail is in the language of the latest checkout of the position (a payment made elsewhere, at a bank or a
 * tobacconist's: Italian); App IO's messages stay Italian.
 */
export async function queueReceiptMessages(tx: Tx, receiptRowIds: readonly string[]): Promise<void> {
  if (receiptRowIds.length === 0) return;
  await tx.execute(sql`
    insert into ${notificationOutbox} (ente_id, kind, channel, event_key, recipient, position_id, receipt_row_id, locale)
    select distinct r.ente_id, 'receipt'::notification_kind, a.channel, 'receipt:' || r.id, a.recipient, r.position_id, r.id,
      case when a.channel = 'email' then coalesce((
        select c.locale from ${cartItems} ci join ${carts} c on c.id = ci.cart_id
        where ci.position_id = r.position_id and ci.ente_id = r.ente_id and c.status <> 'open'
        order by c.started_at desc nulls last limit 1), 'it') else 'it' end
    from ${receipts} r
    left join ${positions} p on p.id = r.position_id and p.ente_id = r.ente_id
    left join ${notificationSettings} s on s.ente_id = r.ente_id
    ${recipients(
      [sql`r.payer->>'email'`, sql`r.debtor->>'email'`, sql`p.debtor_email`],
      [sql`r.payer->>'fiscalCode'`, sql`r.debtor->>'fiscalCode'`, sql`p.debtor_fiscal_code`],
    )}
    where r.id in (${uuidList(receiptRowIds)})
      and ${channelsOn} and ${setting('receiptEnabled', 'receipt_enabled')}
    on conflict do nothing`);
}

/** The new-notice messages of positions just created, to their debtor, by e-mail and on App IO when known. */
export async function queueNoticeMessages(tx: Tx | Database, enteId: string, positionIds: readonly string[]): Promise<void> {
  if (positionIds.length === 0) return;
  await tx.execute(sql`
    insert into ${notificationOutbox} (ente_id, kind, channel, event_key, recipient, position_id)
    select p.ente_id, 'new_notice'::notification_kind, a.channel, 'notice:' || p.id, a.recipient, p.id
    from ${positions} p
    left join ${notificationSettings} s on s.ente_id = p.ente_id
    ${recipients([sql`p.debtor_email`], [sql`p.debtor_fiscal_code`])}
    where p.ente_id = ${enteId} and p.id in (${uuidList(positionIds)}) and p.status = 'valid'
      and ${channelsOn} and ${setting('newNoticeEnabled', 'new_notice_enabled')}
    on conflict do nothing`);
}

/**
 * The reminders due today, for every Ente that sends them, by e-mail and on App IO alike: reminder n of m
 * (1..m) falls `days × (m − n + 1) / m` days before the due date, so they are spread evenly up to it. Only
 * the latest one due is written (a worker that was down does not send a burst), and only for positions
 * still valid: the unique key stops each from being written twice. One paid or cancelled later is not sent
 * (lib/notifications/facts.ts). Returns how many were written.
 */
export async function queueReminders(db: Database, today: string): Promise<number> {
  const result = await db.execute(sql`
    insert into ${notificationOutbox} (ente_id, kind, channel, event_key, recipient, position_id)
    select p.ente_id, 'reminder'::notification_kind, a.channel, 'reminder:' || p.id || ':' || n, a.recipient, p.id
    from ${notificationSettings} s
    join ${positions} p on p.ente_id = s.ente_id
    cross join lateral generate_series(1, s.max_reminders) as n
    ${recipients([sql`p.debtor_email`], [sql`p.debtor_fiscal_code`])}
    where s.reminder_enabled and ${channelsOn}
      and p.status = 'valid'
      and p.due_date between ${today}::date and ${today}::date + s.reminder_days_before
      and ${today}::date >= p.due_date - (s.reminder_days_before * (s.max_reminders - n + 1) / s.max_reminders)
      and (n = s.max_reminders or ${today}::date < p.due_date - (s.reminder_days_before * (s.max_reminders - n) / s.max_reminders))
    on conflict do nothing
    returning 1`);
  return rowsOf(result).length;
}
