import { govpaySettingsSchema } from '@/lib/partners/connection-settings';
import {
  centsToEuro,
  contabilitaOf,
  euroToCentsExact,
  govpayIdPendenza,
  noticeFromPendenza,
  toNuovaPendenza,
} from '@/lib/partners/govpay/pendenza';
import { PartnerRejectedError, type PositionForPartner } from '@/lib/partners/types';

const settings = govpaySettingsSchema.parse({
  pendenzeUrl: 'https://govpay.example/pendenze',
  ragioneriaUrl: 'https://govpay.example/ragioneria',
  idA2A: 'PORTALE',
  defaultTipoPendenza: 'DOVUTO',
  outboundAuth: 'basic',
  username: 'u',
  checkoutUrl: 'https://checkout.example/ec',
});
const ctx = { creditorFiscalCode: '00754120178', companyName: 'Comune di Valmora' };
const position: PositionForPartner = {
  id: '3f2a9c0e-5b7d-4e1f-9a8b-7c6d5e4f3a2b',
  noticeNumber: '301000000000012345',
  iuv: '01000000000012345',
  amountCents: 4501,
  description: 'Mensa marzo',
  dueDate: null,
  debtor: null,
  iban: 'IT60X0542811101000000123456',
  taxonomyCode: '9/0107101TS/',
};

describe('GovPay pendenza mapping', () => {
  it('turns our UUID into a 32-character idPendenza', () => {
    expect(govpayIdPendenza(position.id)).toBe('3f2a9c0e5b7d4e1f9a8b7c6d5e4f3a2b');
    expect(() => govpayIdPendenza('x'.repeat(36))).toThrow(RangeError);
  });

  it.each([
    [1, 0.01, '0.01'],
    [10, 0.1, '0.1'],
    [4501, 45.01, '45.01'],
    [100, 1, '1'],
    [99_999_999_999, 999_999_999.99, '999999999.99'],
  ])('writes %i cents as the euro number %d, exactly', (cents, euro, text) => {
    expect(centsToEuro(cents)).toBe(euro);
    expect(JSON.stringify(centsToEuro(cents))).toBe(text);
    expect(euroToCentsExact(euro)).toBe(cents);
  });

  it('refuses euro amounts with more than two decimals and negative or fractional cents', () => {
    expect(() => euroToCentsExact(1.005)).toThrow(PartnerRejectedError);
    expect(() => centsToEuro(-1)).toThrow(RangeError);
    expect(() => centsToEuro(1.5)).toThrow(RangeError);
  });

  it.each([
    ['9/0101101IM/', 'ALTRO', '0101101IM/'],
    ['0/CAP123', 'CAPITOLO', 'CAP123'],
    ['2/SIOPE1', 'SIOPE', 'SIOPE1'],
  ])('splits the taxonomy %s as GovPay builds it back', (category, tipo, codice) => {
    expect(contabilitaOf(category)).toEqual({ tipoContabilita: tipo, codiceContabilita: codice });
  });

  it.each(['7/0101101IM/', '0101101IM/', ''])('refuses a taxonomy GovPay cannot express: %p', (category) => {
    expect(() => contabilitaOf(category)).toThrow(PartnerRejectedError);
  });

  it('builds one voce from iban and taxonomy for a position without transfers, and omits numeroAvviso when GovPay assigns it', () => {
    expect(toNuovaPendenza(ctx, position, settings)).toEqual({
      idTipoPendenza: 'DOVUTO',
      idDominio: '00754120178',
      causale: 'Mensa marzo',
      soggettoPagatore: { tipo: 'F', identificativo: 'ANONIMO', anagrafica: 'ANONIMO' },
      importo: 45.01,
      numeroAvviso: '301000000000012345',
      voci: [
        {
          idVocePendenza: '1',
          importo: 45.01,
          descrizione: 'Mensa marzo',
          ibanAccredito: 'IT60X0542811101000000123456',
          tipoContabilita: 'ALTRO',
          codiceContabilita: '0107101TS/',
        },
      ],
    });
    expect(toNuovaPendenza(ctx, position, { ...settings, ownNoticeNumbers: false })).not.toHaveProperty('numeroAvviso');
  });

  it('refuses six transfers and an idTipoPendenza outside GovPay’s pattern', () => {
    const t = {
      idTransfer: 1,
      amountCents: 1,
      fiscalCodePA: ctx.creditorFiscalCode,
      companyName: 'x',
      iban: 'IT1',
      remittanceInformation: 'x',
      category: '9/0101101IM/',
    };
    expect(() => toNuovaPendenza(ctx, { ...position, amountCents: 6, transfers: Array(6).fill(t) }, settings)).toThrow(
      PartnerRejectedError,
    );
    expect(() => toNuovaPendenza(ctx, { ...position, serviceCode: 'con spazi' }, settings)).toThrow(PartnerRejectedError);
  });

  it('reads a pendenza back as a notice, the ANONIMO placeholder as no debtor', () => {
    expect(
      noticeFromPendenza('301000000000012345', {
        stato: 'SCADUTA',
        importo: 45.01,
        causale: 'Mensa',
        dataScadenza: '2026-12-31',
        soggettoPagatore: { tipo: 'F', identificativo: 'ANONIMO', anagrafica: 'ANONIMO' },
      }),
    ).toEqual({
      noticeNumber: '301000000000012345',
      iuv: '01000000000012345',
      amountCents: 4501,
      description: 'Mensa',
      dueDate: '2026-12-31',
      debtor: null,
      payable: false,
    });
  });
});
