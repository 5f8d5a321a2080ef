import type { Metadata } from 'next';
import { getDb } from '@/db';
import { requireEnteStaff } from '@/lib/auth/guards';
import { loadNotificationSettings } from '@/lib/notifications/settings';
import { requireBackOfficeEnte } from '@/lib/tenancy/current-ente';
import { NotificationSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Messaggi ai cittadini' };

/** What the Ente sends to citizens by e-mail and on App IO, and from which address; its admins choose. */
export default async function NotificationSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const ente = await requireBackOfficeEnte((await params).slug);
  await requireEnteStaff(ente, ['ente_admin']);
  const settings = await loadNotificationSettings(await getDb(), ente.id);
  return (
    <>
      <p>
        <a href="/admin/impostazioni">← Impostazioni</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold">Messaggi ai cittadini</h1>
      <p className="mt-2 max-w-2xl text-lg">
        I messaggi riportano il nome e i contatti dell’Ente (dal profilo), mai dati personali nell’oggetto. Quelli non recapitati sono in{' '}
        <a href="/admin/notifiche">Messaggi non inviati</a>.
      </p>
      <NotificationSettingsForm
        initial={{
          emailEnabled: settings.emailEnabled,
          ioEnabled: settings.ioEnabled,
          receiptEnabled: settings.receiptEnabled,
          newNoticeEnabled: settings.newNoticeEnabled,
          reminderEnabled: settings.reminderEnabled,
          attachReceiptPdf: settings.attachReceiptPdf,
          senderAddress: settings.senderAddress ?? '',
          ioServiceKey: '',
          remove: { ioServiceKey: false },
          reminderDaysBefore: settings.reminderDaysBefore,
          maxReminders: settings.maxReminders,
        }}
        ioKey={
          settings.ioServiceKeyHint === null
            ? undefined
            : { name: 'ioServiceKey', label: 'Chiave del servizio IO', setAt: null, hint: settings.ioServiceKeyHint }
        }
      />
    </>
  );
}
