'use client';

import { SectionedForm, type FormSection } from '@/app/_components/sectioned-form';
import { updateProviderProfile } from '@/lib/provider/actions';
import { providerProfileSchema, type ProviderProfileInput } from '@/lib/provider/schemas';

const SECTIONS: FormSection<ProviderProfileInput>[] = [
  {
    title: 'Ente gestore',
    fields: [
      { name: 'name', label: 'Nome', help: 'Come compare nell’intestazione, es. «Provincia di Esempio».' },
      { name: 'shortName', label: 'Nome breve', help: 'Per le righe strette, es. «Provincia di Esempio» o «Regione X».' },
      { name: 'fiscalCode', label: 'Codice fiscale', help: '11 cifre.' },
      { name: 'ipaCode', label: 'Codice IPA' },
    ],
  },
  {
    title: 'Centro servizi',
    fields: [
      { name: 'serviceCentreName', label: 'Nome del centro servizi', help: 'Chi assiste gli Enti, es. «Centro Innovazione e Tecnologie».' },
      { name: 'serviceCentreShortName', label: 'Sigla', help: 'Nei ruoli del personale, es. «Amministratore CIT».' },
    ],
  },
  {
    title: 'Aspetto',
    fields: [
      { name: 'coatOfArmsUrl', label: 'Stemma', help: 'Indirizzo dell’immagine (https://… o un percorso del sito).', optional: true },
      { name: 'primaryColor', label: 'Colore principale', help: 'Nel formato #RRGGBB.' },
    ],
  },
  {
    title: 'Contatti',
    fields: [
      { name: 'address', label: 'Sede', optional: true },
      { name: 'email', label: 'E-mail di assistenza', type: 'email', optional: true },
      { name: 'pec', label: 'PEC', type: 'email', optional: true },
      { name: 'phone', label: 'Telefono', type: 'tel', optional: true },
      { name: 'officeHours', label: 'Orari di assistenza', optional: true },
      { name: 'website', label: 'Sito istituzionale', type: 'url', optional: true },
      { name: 'privacyUrl', label: 'Informativa privacy', help: 'Indirizzo della pagina.', type: 'url', optional: true },
    ],
  },
];

export function ProviderForm({ initial }: { initial: ProviderProfileInput }) {
  return (
    <SectionedForm
      schema={providerProfileSchema}
      initial={initial}
      sections={SECTIONS}
      save={updateProviderProfile}
      idPrefix=""
      saved="Dati salvati: il portale mostra già i nuovi dati."
      submitLabel="Salva"
      className="mt-6 max-w-2xl space-y-8"
    />
  );
}
