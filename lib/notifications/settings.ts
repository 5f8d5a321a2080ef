import '@/lib/validation/italian';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db';
import { notificationSettings, type NotificationSettings } from '@/db/schema';
import { auditSettings, type SettingsActor } from '@/lib/settings/ente-settings';
import { optionalEmail } from '@/lib/validation/optional-fields';

export type NotificationPreferences = Omit<NotificationSettings, 'enteId' | 'updatedAt'>;

/**
 * What an Ente that never opened its notification settings sends: receipts and new notices by e-mail
 * (the citizen gave the address for that), no reminders and no App IO until it chooses.
 */
export const NOTIFICATION_DEFAULTS: NotificationPreferences = {
  emailEnabled: true,
  ioEnabled: false,
  receiptEnabled: true,
  newNoticeEnabled: true,
  reminderEnabled: false,
  senderAddress: null,
  attachReceiptPdf: false,
  reminderDaysBefore: 7,
  maxReminders: 1,
};

/** The settings form, as an admin submits it (checkboxes come as 'on' or not at all). */
const checkbox = z
  .union([z.boolean(), z.literal('on'), z.literal('true'), z.literal('false')])
  .optional()
  .transform((v) => v === true || v === 'on' || v === 'true');

export const notificationSettingsInput = z.object({
  emailEnabled: checkbox,
  ioEnabled: checkbox,
  receiptEnabled: checkbox,
  newNoticeEnabled: checkbox,
  reminderEnabled: checkbox,
  attachReceiptPdf: checkbox,
  senderAddress: optionalEmail,
  reminderDaysBefore: z.coerce
    .number({ message: 'Scrivi un numero di giorni' })
    .int('Scrivi un numero intero di giorni')
    .min(1, 'Almeno 1 giorno')
    .max(60, 'Al massimo 60 giorni'),
  maxReminders: z.coerce
    .number({ message: 'Scrivi quanti promemoria' })
    .int('Scrivi un numero intero')
    .min(1, 'Almeno 1 promemoria')
    .max(5, 'Al massimo 5 promemoria'),
});
export type NotificationSettingsInput = z.input<typeof notificationSettingsInput>;

export async function loadNotificationSettings(db: Pick<Database, 'select'>, enteId: string): Promise<NotificationPreferences> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.enteId, enteId));
  if (!row) return NOTIFICATION_DEFAULTS;
  const { enteId: _enteId, updatedAt: _updatedAt, ...preferences } = row;
  return preferences;
}

export async function saveNotificationSettings(
  db: Database,
  actor: SettingsActor,
  data: z.output<typeof notificationSettingsInput>,
): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await loadNotificationSettings(tx, actor.enteId);
    await tx
      .insert(notificationSettings)
      .values({ enteId: actor.enteId, ...data })
      .onConflictDoUpdate({ target: notificationSettings.enteId, set: { ...data, updatedAt: new Date() } });
    await auditSettings(tx, actor, 'notifiche_impostazioni_modificate', { before, after: data });
  });
}
