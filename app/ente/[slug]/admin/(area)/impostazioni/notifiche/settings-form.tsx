'use client';

import type { Path } from 'react-hook-form';
import { SectionedForm, type FormSection } from '@/app/_components/sectioned-form';
import { updateNotificationSettingsAction } from '@/lib/notifications/actions';
import { notificationSettingsInput, type NotificationSettingsInput } from '@/lib/notifications/settings-schema';

const SECTIONS: FormSection<NotificationSettingsInput>[] = [
  {
    title: 'Mittente e promemoria',
    fields: [
      {
        name: 'senderAddress',
        label: 'Indirizzo del mittente',
        type: 'email',
        optional: true,
        help: 'Senza indirizzo, le e-mail partono da quello del portale. Il dominio deve essere autorizzato (SPF e DKIM) a inviare dal server del portale.',
      },
      { name: 'reminderDaysBefore', label: 'Primo promemoria, giorni prima della scadenza', type: 'number', help: 'Da 1 a 60 giorni.' },
      { name: 'maxReminders', label: 'Numero massimo di promemoria', type: 'number', help: 'Da 1 a 5, distribuiti fino alla scadenza.' },
    ],
  },
];

const SWITCHES: { name: Path<NotificationSettingsInput>; label: string }[] = [
  { name: 'emailEnabled', label: 'Invia e-mail ai cittadini' },
  { name: 'receiptEnabled', label: 'Ricevuta dopo ogni pagamento (a chi ha pagato e al debitore)' },
  { name: 'attachReceiptPdf', label: 'Allega il PDF della ricevuta (altrimenti solo il link)' },
  { name: 'newNoticeEnabled', label: 'Nuovo avviso, quando è noto l’indirizzo e-mail del debitore' },
  { name: 'reminderEnabled', label: 'Promemoria prima della scadenza, finché l’avviso non è pagato o annullato' },
];

/** What the Ente sends to citizens. App IO is not offered yet: its switch is kept off. */
export function NotificationSettingsForm({ initial }: { initial: NotificationSettingsInput }) {
  return (
    <SectionedForm
      schema={notificationSettingsInput}
      initial={initial}
      sections={SECTIONS}
      save={updateNotificationSettingsAction}
      idPrefix="notifiche-"
      saved="Impostazioni salvate: valgono per i prossimi messaggi."
      submitLabel="Salva le impostazioni"
      extra={({ register }) => (
        <fieldset className="space-y-3">
          <legend className="mb-2 text-xl font-bold">Che cosa inviare</legend>
          {SWITCHES.map((s) => (
            <div key={s.name} className="flex items-start gap-3">
              <input id={`notifiche-${s.name}`} type="checkbox" className="mt-1 size-6 shrink-0" {...register(s.name)} />
              <label htmlFor={`notifiche-${s.name}`} className="text-lg">
                {s.label}
              </label>
            </div>
          ))}
        </fieldset>
      )}
    />
  );
}
