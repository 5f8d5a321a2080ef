import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/db';
import { notificationSettings, type NotificationSettings } from '@/db/schema';
import { ActionError } from '@/lib/actions/result';
import { decryptSecrets, encryptSecrets, SecretsUnreadableError } from '@/lib/partners/secrets';
import { auditSettings, type SettingsActor } from '@/lib/settings/ente-settings';
import type { notificationSettingsInput } from './settings-schema';

export type NotificationPreferences = Omit<NotificationSettings, 'enteId' | 'updatedAt' | 'ioServiceKeyCiphertext' | 'ioServiceKeyHint'>;

/** The settings as the page shows them: of the App IO key only its last characters, when one is stored. */
export type NotificationSettingsView = NotificationPreferences & { ioServiceKeyHint: string | null };

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

export async function loadNotificationSettings(db: Pick<Database, 'select'>, enteId: string): Promise<NotificationSettingsView> {
  const [row] = await db.select().from(notificationSettings).where(eq(notificationSettings.enteId, enteId));
  if (!row) return { ...NOTIFICATION_DEFAULTS, ioServiceKeyHint: null };
  const { enteId: _enteId, updatedAt: _updatedAt, ioServiceKeyCiphertext: _key, ...view } = row;
  return view;
}

/** How many characters of the key the page may show: enough to tell two keys apart, not to guess one. */
const HINT_LENGTH = 4;

/**
 * Saves what the Ente sends. The App IO key is write-only: a key given replaces the stored one (encrypted,
 * bound to the Ente), none keeps it, `remove` drops it; App IO cannot be on without one. The audit says
 * whether the key changed, never the key.
 */
export async function saveNotificationSettings(
  db: Database,
  actor: SettingsActor,
  data: z.output<typeof notificationSettingsInput>,
): Promise<void> {
  const { ioServiceKey, remove, ...preferences } = data;
  await db.transaction(async (tx) => {
    const [current] = await tx.select().from(notificationSettings).where(eq(notificationSettings.enteId, actor.enteId)).for('update');
    const key = ioServiceKey
      ? { ioServiceKeyCiphertext: encryptSecrets(actor.enteId, { ioServiceKey }), ioServiceKeyHint: ioServiceKey.slice(-HINT_LENGTH) }
      : remove.ioServiceKey
        ? { ioServiceKeyCiphertext: null, ioServiceKeyHint: null }
        : { ioServiceKeyCiphertext: current?.ioServiceKeyCiphertext ?? null, ioServiceKeyHint: current?.ioServiceKeyHint ?? null };
    if (preferences.ioEnabled && !key.ioServiceKeyCiphertext) {
      throw new ActionError('Per inviare messaggi su App IO serve la chiave del servizio IO dell’Ente.', {
        ioServiceKey: 'Inserisci la chiave del servizio IO',
      });
    }
    const { ioServiceKeyHint: _hint, ...before } = await loadNotificationSettings(tx, actor.enteId);
    await tx
      .insert(notificationSettings)
      .values({ enteId: actor.enteId, ...preferences, ...key })
      .onConflictDoUpdate({ target: notificationSettings.enteId, set: { ...preferences, ...key, updatedAt: new Date() } });
    const ioKey = ioServiceKey ? 'sostituita' : remove.ioServiceKey && current?.ioServiceKeyCiphertext ? 'rimossa' : 'invariata';
    await auditSettings(tx, actor, 'notifiche_impostazioni_modificate', { before, after: preferences, chiaveIo: ioKey });
  });
}

/**
 * The Ente's App IO key, decrypted for a call to IO; null when none is stored or it no longer decrypts
 * (PARTNER_SECRETS_KEY changed, a ciphertext copied from another Ente): it must then be entered again.
 */
export async function loadIoServiceKey(db: Pick<Database, 'select'>, enteId: string): Promise<string | null> {
  const [row] = await db
    .select({ ciphertext: notificationSettings.ioServiceKeyCiphertext })
    .from(notificationSettings)
    .where(eq(notificationSettings.enteId, enteId));
  if (!row?.ciphertext) return null;
  try {
    return decryptSecrets(enteId, row.ciphertext).ioServiceKey ?? null;
  } catch (error) {
    if (error instanceof SecretsUnreadableError) return null;
    throw error;
  }
}
