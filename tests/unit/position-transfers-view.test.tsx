import { renderToStaticMarkup } from 'react-dom/server';
import { TransfersTable } from '@/app/ente/[slug]/admin/(area)/posizioni/[id]/transfers-table';
import { ServiceEditor } from '@/app/ente/[slug]/admin/(area)/servizi/service-editor';
import { serviceFormValues } from '@/lib/catalogue/service-schema';
import type { PositionTransfer } from '@/db/schema';

const own: PositionTransfer = {
  idTransfer: 1,
  amountCents: 11_728,
  fiscalCodePA: '00812300176',
  companyName: 'Comune di Demo',
  iban: 'IT96L0306911200000000012345',
  remittanceInformation: 'TARI 2027',
  category: '9/0101101IM/',
};
const tefa: PositionTransfer = {
  idTransfer: 2,
  amountCents: 617,
  fiscalCodePA: '80008750178',
  companyName: 'Provincia di Brescia',
  iban: 'IT92X0306911200000000099999',
  remittanceInformation: 'TEFA',
  category: '9/0201102IM/',
};

describe('the position page\u2019s «Ripartizione tra beneficiari»', () => {
  it('lists each beneficiary with IBAN, taxonomy and amount when the position is split', () => {
    const html = renderToStaticMarkup(<TransfersTable transfers={[own, tefa]} />);
    for (const text of ['Ripartizione tra beneficiari', 'Provincia di Brescia', '80008750178', '9/0201102IM/', '117,28', '6,17'])
      expect(html).toContain(text);
  });

  it('shows nothing for a single transfer', () => {
    expect(renderToStaticMarkup(<TransfersTable transfers={[own]} />)).toBe('');
  });
});

describe('the service editor\u2019s split section', () => {
  it('renders the stored shares with their preview, and the partner code field', () => {
    const html = renderToStaticMarkup(
      <ServiceEditor
        mode="edit"
        id="00000000-0000-0000-0000-000000000001"
        version="2026-01-01T00:00:00.000Z"
        initial={{
          ...serviceFormValues(),
          code: 'tari',
          taxonomyCode: '9/0101101IM/',
          amountRule: { kind: 'fixed', cents: 10_000 },
          partnerServiceCode: 'TARI_ORD',
          transferSplit: [
            {
              fiscalCodePA: '80008750178',
              companyName: 'Provincia di Brescia',
              iban: 'IT92X0306911200000000099999',
              category: '9/0201102IM/',
              remittanceInformation: '',
              kind: 'percent',
              basisPoints: 500,
            },
          ],
        }}
        categories={['Tributi']}
      />,
    );
    for (const text of [
      'Ripartizione tra beneficiari',
      'Beneficiario 2',
      'value="5"',
      'Codice del tipo pendenza presso il partner',
      'Anteprima su 100,00',
      '95,00',
      '5,00',
    ])
      expect(html).toContain(text);
  });
});
