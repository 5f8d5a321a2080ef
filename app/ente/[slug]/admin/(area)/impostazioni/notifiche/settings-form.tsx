'use client';

import type { Path, UseFormRegister } from 'react-hook-form';
import { SecretField, type StoredSecret } from '@/app/_components/secret-field';
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
  { name: 'attachReceiptPdf', label: 'Allega all’e-mail il PDF della ricevuta (altrimenti solo il link)' },
  { name: 'newNoticeEnabled', label: 'Nuovo avviso, quando è noto l’indirizzo e-mail o il codice fiscale del debitore' },
  { name: 'reminderEnabled', label: 'Promemoria prima della scadenza, finché l’avviso non è pagato o annullato' },
];

function Switch({
  name,
  label,
  register,
}: {
  name: Path<NotificationSettingsInput>;
  label: string;
  register: UseFormRegister<NotificationSettingsInput>;
}) {
  return (
    <div className="flex items-start gap-3">
      <input id={`notifiche-${name}`} type="checkbox" className="mt-1 size-6 shrink-0" {...register(name)} />
      <label htmlFor={`notifiche-${name}`} className="text-lg">
        {label}
      </label>
    </div>
  );
}

/** What the Ente sends to citizens, by e-mail and on App IO; the IO service key is write-only. */
export function NotificationSettingsForm({ initial, ioKey }: { initial: NotificationSettingsInput; ioKey: StoredSecret | undefined }) {
  return (
    <SectionedForm
      schema={notificationSettingsInput}
      initial={initial}
      sections={SECTIONS}
      save={updateNotificationSettingsAction}
      idPrefix="notifiche-"
      saved="Impostazioni salvate: valgono per i prossimi messaggi."
      submitLabel="Salva le impostazioni"
      afterSave={(sent) => ({ ...sent, ioServiceKey: '', remove: { ioServiceKey: false } })}
      extra={({ register, errors }) => (
        <>
          <fieldset className="space-y-3">
            <legend className="mb-2 text-xl font-bold">Che cosa inviare</legend>
            {SWITCHES.map((s) => (
              <Switch key={s.name} {...s} register={register} />
            ))}
          </fieldset>
          <fieldset className="space-y-5">
            <legend className="mb-2 text-xl font-bold">App IO</legend>
            <p className="max-w-2xl">
              Ricevute, nuovi avvisi (con il pulsante «Paga») e promemoria arrivano anche in App IO a chi ha un codice fiscale di persona
              fisica, se ha attivato IO e non ha disattivato i messaggi dell’Ente. Serve la chiave di un servizio IO dell’Ente, dall’Area
              Riservata di PagoPA.
            </p>
            <Switch name="ioEnabled" label="Invia i messaggi anche su App IO" register={register} />
            <SecretField
              name="ioServiceKey"
              label="Chiave del servizio IO"
              stored={ioKey}
              idPrefix="notifiche-"
              register={register}
              errors={errors}
            />
          </fieldset>
        </>
      )}
    />
  );
}
