import { assertTransition, canTransition, InvalidTransitionError, isPayable } from '@/lib/positions/lifecycle';
import { buildPaymentFormSchema, computeAmountCents, renderCausale } from '@/lib/catalogue/service-form';
import { parseEuroInput } from '@/lib/format/money';
import { mensa, sanzioniCds } from '@/db/seed/catalogue';
import type { AmountRule } from '@/lib/catalogue/amount-rule';
import type { FormDefinition } from '@/lib/catalogue/form-definition';

describe('position lifecycle', () => {
  it('allows the pagoPA transitions and nothing else', () => {
    expect(canTransition('valid', 'paid')).toBe(true);
    expect(canTransition('valid', 'expired')).toBe(true);
    expect(canTransition('expired', 'valid')).toBe(true);
    expect(canTransition('paid', 'valid')).toBe(false);
    expect(canTransition('cancelled', 'paid')).toBe(false);
    expect(() => assertTransition('paid', 'cancelled')).toThrow(InvalidTransitionError);
    expect(isPayable({ status: 'valid' })).toBe(true);
    expect(isPayable({ status: 'expired' })).toBe(false);
  });
});

describe('parseEuroInput', () => {
  it.each([
    ['12', 1200],
    ['12,5', 1250],
    ['12,50', 1250],
    ['12.50', 1250],
    ['1.234,56', 123456],
    [' 7 € ', 700],
  ])('%s → %i cents', (text, cents) => expect(parseEuroInput(text)).toBe(cents));

  it.each(['', 'abc', '12,345', '-5', '1,2,3'])('refuses %s', (text) => expect(parseEuroInput(text)).toBeNull());
});

const school = mensa(1, { mealCents: 520, schoolBusQuarterCents: 0, schools: ['Primaria "G. Rodari"'] });
const mealConfig = {
  formDefinition: school.formDefinition as FormDefinition,
  amountRule: school.amountRule as AmountRule,
  allowAnonymous: false,
};

function values(overrides: Record<string, unknown> = {}) {
  return {
    fields: { alunno: 'Luca Rocca', cf_alunno: 'rccmnl83s18d969h', scuola: 'Primaria "G. Rodari"', mese: 'ottobre' },
    debtorFiscalCode: 'RCCMNL83S18D969H',
    debtorName: 'Emanuele Rocca',
    debtorEmail: 'emanuele@example.it',
    amount: '',
    quantity: '12',
    ...overrides,
  };
}

describe('payment form schema built from a service definition', () => {
  it('accepts a complete form and normalises values', () => {
    const parsed = buildPaymentFormSchema(mealConfig).parse(values());
    expect(parsed.fields.cf_alunno).toBe('RCCMNL83S18D969H');
    expect(computeAmountCents(mealConfig.amountRule, parsed)).toBe(12 * 520);
  });

  it('reports each wrong field in Italian', () => {
    const result = buildPaymentFormSchema(mealConfig).safeParse(
      values({ fields: { alunno: '', cf_alunno: 'XXX', scuola: 'Altra', mese: 'ottobre' }, debtorFiscalCode: '123', quantity: '99' }),
    );
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fields.alunno: Compila/),
        expect.stringMatching(/^fields.cf_alunno: Il codice fiscale/),
        expect.stringMatching(/^fields.scuola: Scegli una delle voci/),
        expect.stringMatching(/^debtorFiscalCode: /),
        expect.stringMatching(/^quantity: Scegli una quantità da 1 a 60/),
      ]),
    );
  });

  it('requires a debtor unless the service allows anonymous payment', () => {
    expect(buildPaymentFormSchema(mealConfig).safeParse(values({ debtorFiscalCode: '', debtorName: '' })).success).toBe(false);
    const fine = sanzioniCds(1);
    const config = {
      formDefinition: fine.formDefinition as FormDefinition,
      amountRule: fine.amountRule as AmountRule,
      allowAnonymous: true,
    };
    const parsed = buildPaymentFormSchema(config).safeParse({
      fields: { verbale: '1234/2026', data_verbale: '2026-11-02', targa: 'ab 123 cd' },
      debtorFiscalCode: '',
      debtorName: '',
      debtorEmail: '',
      amount: '42,00',
      quantity: '',
    });
    expect(parsed.success).toBe(true);
    expect(parsed.data!.fields.targa).toBe('AB123CD');
  });

  it('never trusts a client amount for a fixed price', () => {
    expect(computeAmountCents({ kind: 'fixed', cents: 2221 }, { amount: '0,01', quantity: '' })).toBe(2221);
  });

  it('keeps a typed amount within the range', () => {
    const rule: AmountRule = { kind: 'range', minCents: 100, maxCents: 500 };
    expect(computeAmountCents(rule, { amount: '4,99', quantity: '' })).toBe(499);
    expect(() => computeAmountCents(rule, { amount: '5,01', quantity: '' })).toThrow(RangeError);
  });

  it('fills the causale from the template with labels and Italian dates', () => {
    expect(renderCausale(school.causaleTemplate, mealConfig.formDefinition, { alunno: 'Luca Rocca', mese: 'ottobre' })).toBe(
      'Mensa scolastica - Luca Rocca - Ottobre',
    );
    const fine = sanzioniCds(1);
    expect(
      renderCausale(fine.causaleTemplate, fine.formDefinition as FormDefinition, {
        verbale: '12/2026',
        data_verbale: '2026-11-02',
        targa: 'AB123CD',
      }),
    ).toBe('Verbale CdS n. 12/2026 del 02/11/2026 - targa AB123CD');
    expect(renderCausale('{x}'.repeat(1), [{ name: 'x', label: 'X', kind: 'text', required: true }], { x: 'a'.repeat(200) })).toHaveLength(
      140,
    );
  });
});
