'use client';

import { SectionedForm, type FormSection } from '@/app/_components/sectioned-form';
import { updateEnteProfile } from '@/lib/settings/actions';
import { enteProfileInput, type EnteProfileInput } from '@/lib/settings/schemas';

const SECTIONS: FormSection<EnteProfileInput>[] = [
  {
    title: 'Identità',
    fields: [
      { name: 'name', label: 'Nome dell’Ente', help: 'Come compare nell’intestazione e sugli avvisi.' },
      { name: 'ipaCode', label: 'Codice IPA' },
      { name: 'cbill', label: 'Codice CBILL', help: '5 lettere o cifre: permette il pagamento dall’home banking.', optional: true },
      { name: 'sector', label: 'Settore o ufficio', help: 'Compare sull’avviso sotto il nome dell’Ente.', optional: true },
      { name: 'primaryColor', label: 'Colore principale', help: 'Nel formato #RRGGBB, es. #0066CC.', optional: true },
    ],
  },
  {
    title: 'Contatti',
    fields: [
      { name: 'address', label: 'Indirizzo', optional: true },
      { name: 'email', label: 'E-mail', type: 'email', optional: true },
      { name: 'pec', label: 'PEC', type: 'email', optional: true },
      { name: 'phone', label: 'Telefono', type: 'tel', optional: true },
      { name: 'website', label: 'Sito istituzionale', type: 'url', optional: true },
      { name: 'officeHours', label: 'Orari di apertura', optional: true },
    ],
  },
  {
    title: 'Accredito',
    fields: [{ name: 'iban', label: 'IBAN di accredito', help: 'IBAN italiano di 27 caratteri; gli spazi non contano.', optional: true }],
  },
  {
    title: 'Bollettino postale',
    fields: [
      {
        name: 'postalAccountNumber',
        label: 'Numero del conto corrente postale',
        help: 'Fino a 12 cifre. Se lo indichi, gli avvisi riportano il Bollettino Postale PA.',
        optional: true,
      },
      {
        name: 'postalAccountHolder',
        label: 'Intestatario del conto',
        help: 'Come risulta a Poste Italiane, al massimo 50 caratteri.',
        optional: true,
      },
      {
        name: 'postalAuthorization',
        label: 'Autorizzazione alla stampa in proprio',
        help: 'Il testo rilasciato da Poste Italiane, es. AUT. DB/SSIC/E 1234 DEL 01/01/2027.',
        optional: true,
      },
    ],
  },
];

export function ProfileForm({ initial }: { initial: EnteProfileInput }) {
  return (
    <SectionedForm
      schema={enteProfileInput}
      initial={initial}
      sections={SECTIONS}
      save={updateEnteProfile}
      idPrefix="profilo-"
      saved="Dati salvati: il portale e i nuovi avvisi li mostrano già."
      submitLabel="Salva il profilo"
    />
  );
}
