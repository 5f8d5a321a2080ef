'use client';

import { LabelledField } from '@/app/_components/labelled-field';
import { SectionedForm, type FormSection } from '@/app/_components/sectioned-form';
import { savePartnerContacts } from '@/lib/partners/directory-actions';
import { partnerContactsSchema, type PartnerContactsInput } from '@/lib/partners/directory-schemas';

const SECTIONS: FormSection<PartnerContactsInput>[] = [
  { title: 'Sito', fields: [{ name: 'website', label: 'Sito del partner', optional: true, type: 'url' }] },
  {
    title: 'Contatto commerciale',
    fields: [
      { name: 'contactName', label: 'Nome o ufficio', optional: true },
      { name: 'contactEmail', label: 'E-mail', optional: true, type: 'email' },
      { name: 'contactPhone', label: 'Telefono', optional: true, type: 'tel' },
    ],
  },
  {
    title: 'Referente tecnico',
    fields: [
      { name: 'technicalName', label: 'Nome del referente tecnico', optional: true },
      { name: 'technicalEmail', label: 'E-mail del referente tecnico', optional: true, type: 'email' },
      { name: 'technicalPhone', label: 'Telefono del referente tecnico', optional: true, type: 'tel' },
    ],
  },
];

export function PartnerContactsForm({ initial }: { initial: PartnerContactsInput }) {
  return (
    <SectionedForm
      schema={partnerContactsSchema}
      initial={initial}
      sections={SECTIONS}
      save={savePartnerContacts}
      idPrefix="partner-"
      saved="Contatti salvati."
      submitLabel="Salva i contatti"
      extra={({ register, errors }) => (
        <LabelledField id="partner-notes" label="Note" required={false} error={errors.notes?.message}>
          <textarea
            id="partner-notes"
            rows={4}
            aria-invalid={errors.notes ? true : undefined}
            aria-describedby={errors.notes ? 'partner-notes-errore' : undefined}
            className="w-full rounded border-2 border-muted bg-white px-3 py-2 text-lg aria-[invalid=true]:border-danger"
            {...register('notes')}
          />
        </LabelledField>
      )}
    />
  );
}
