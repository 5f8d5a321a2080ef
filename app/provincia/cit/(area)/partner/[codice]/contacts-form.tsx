'use client';

import { LabelledTextarea } from '@/app/_components/labelled-field';
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
        <LabelledTextarea id="partner-notes" label="Note" optional rows={4} error={errors.notes?.message} {...register('notes')} />
      )}
    />
  );
}
