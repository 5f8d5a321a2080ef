import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db';
import { notificationSettings, type NotificationSettings } from '@/db/schema';
import { auditSettings, type SettingsActor } from '@/lib/settings/ente-settings';
import type { notificationSettingsInput } from './settings-schema';

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
