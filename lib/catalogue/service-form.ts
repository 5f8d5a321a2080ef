import '@/lib/validation/italian';
import { z } from 'zod';
import { isValidDebtorFiscalCode, isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';
import { formatEuro, parseEuroInput } from '@/lib/format/money';
import { formatDate } from '@/lib/format/date';
import type { Locale } from '@/lib/i18n/locales';
import { translate } from '@/lib/i18n/translate';
import type { AmountRule } from './amount-rule';
import type { FormDefinition, FormField } from './form-definition';

/**
 * One schema for a service's payment form, built from the service's definition. The browser validates
 * with it through react-hook-form; the server action parses with the very same function, and is the
 * only one whose result counts. Every value arrives as a string, as HTML inputs give them.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PLATE = /^(?=.*[A-Z])(?=.*\d)[A-Z0-9]{5,8}$/;

function normalizeField(field: FormField, raw: string): string {
  const value = raw.trim();
  switch (field.kind) {
    case 'codice_fiscale':
      return value.toUpperCase();
    case 'targa':
      return value.toUpperCase().replace(/[\s-]/g, '');
    case 'email':
      return value.toLowerCase();
    default:
      return value;
  }
}

type Messages = ReturnType<typeof translate<'PaymentForm.errors'>>;

/**
 * What is wrong with one field's (normalized) value, in words for the citizen; null if nothing. The field's
 * label and its own pattern message are the Ente's words, in Italian.
 */
function fieldProblem(field: FormField, value: string, t: Messages): string | null {
  const label = field.label;
  if (value === '') return field.required ? t('required', { label }) : null;
  switch (field.kind) {
    case 'codice_fiscale':
      if (!isValidPersonFiscalCode(value)) return t('fiscalCode', { label });
      break;
    case 'targa':
      if (!PLATE.test(value)) return t('plate', { label });
      break;
    case 'email':
      if (!z.string().email().safeParse(value).success) return t('email', { label });
      break;
    case 'date':
      if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return t('date', { label });
      break;
    case 'number': {
      const n = Number(value.replace(',', '.'));
      const inRange = Number.isFinite(n) && (field.min === undefined || n >= field.min) && (field.max === undefined || n <= field.max);
      if (!inRange)
        return field.min !== undefined && field.max !== undefined
          ? t('numberBetween', { label, min: field.min, max: field.max })
          : t('number', { label });
      break;
    }
    case 'select':
      if (!(field.options ?? []).some((o) => o.value === value)) return t('select', { label });
      break;
    case 'text':
      if (field.max !== undefined && value.length > field.max) return t('tooLong', { label, max: field.max });
      break;
  }
  if (field.pattern && !new RegExp(field.pattern).test(value)) return field.patternMessage ?? t('pattern', { label });
  return null;
}

function fieldSchema(field: FormField, t: Messages) {
  return z
    .string()
    .transform((raw) => normalizeField(field, raw))
    .superRefine((value, ctx) => {
      const problem = fieldProblem(field, value, t);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export interface PaymentFormConfig {
  formDefinition: FormDefinition;
  amountRule: AmountRule;
  allowAnonymous: boolean;
}

/** The schema with its messages in `locale`: the form's and the action's (which gets the language of the page's URL). */
export function buildPaymentFormSchema(config: PaymentFormConfig, locale: Locale = 'it') {
  const t = translate(locale, 'PaymentForm.errors');
  const fields = Object.fromEntries(config.formDefinition.map((f) => [f.name, fieldSchema(f, t)]));
  const rule = config.amountRule;
  return z
    .object({
      fields: z.object(fields),
      debtorFiscalCode: z
        .string()
        .trim()
        .toUpperCase()
        .refine((v) => (v === '' ? config.allowAnonymous : isValidDebtorFiscalCode(v)), {
          message: config.allowAnonymous ? t('debtorIdInvalid') : t('debtorIdRequired'),
        }),
      debtorName: z.string().trim().max(70, t('debtorNameTooLong')),
      debtorEmail: z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => v === '' || z.string().email().safeParse(v).success, t('debtorEmail')),
      amount: z.string().trim(),
      quantity: z.string().trim(),
    })
    .superRefine((value, ctx) => {
      if (value.debtorFiscalCode !== '' && value.debtorName.length < 2) {
        ctx.addIssue({ code: 'custom', path: ['debtorName'], message: t('debtorName') });
      }
      const problem = amountProblem(rule, value.amount, value.quantity, t, locale);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    });
}

export type PaymentFormValues = z.input<ReturnType<typeof buildPaymentFormSchema>>;
export type PaymentFormData = z.output<ReturnType<typeof buildPaymentFormSchema>>;

function amountProblem(
  rule: AmountRule,
  amount: string,
  quantity: string,
  t: Messages,
  locale: Locale,
): { field: 'amount' | 'quantity'; message: string } | null {
  if (rule.kind === 'range') {
    const cents = parseEuroInput(amount);
    if (cents === null) return { field: 'amount', message: t('amountFormat') };
    if (cents < rule.minCents || cents > rule.maxCents) {
      return {
        field: 'amount',
        message: t('amountRange', { min: formatEuro(rule.minCents, locale), max: formatEuro(rule.maxCents, locale) }),
      };
    }
  }
  if (rule.kind === 'unit') {
    const n = Number(quantity);
    if (!/^\d+$/.test(quantity) || n < rule.minQuantity || n > rule.maxQuantity) {
      return { field: 'quantity', message: t('quantity', { min: rule.minQuantity, max: rule.maxQuantity }) };
    }
  }
  return null;
}

/**
 * The amount to charge, decided on the server from the rule. For a fixed price whatever the client
 * sent is ignored; for a range it is the typed amount, already checked against the bounds.
 */
export function computeAmountCents(rule: AmountRule, data: Pick<PaymentFormData, 'amount' | 'quantity'>): number {
  switch (rule.kind) {
    case 'fixed':
      return rule.cents;
    case 'range': {
      const cents = parseEuroInput(data.amount);
      if (cents === null || cents < rule.minCents || cents > rule.maxCents) throw new RangeError('Importo fuori dai limiti del servizio');
      return cents;
    }
    case 'unit': {
      const quantity = Number(data.quantity);
      if (!Number.isInteger(quantity) || quantity < rule.minQuantity || quantity > rule.maxQuantity)
        throw new RangeError('Quantità fuori dai limiti del servizio');
      return rule.unitCents * quantity;
    }
  }
}

/** `Mensa scolastica - {alunno} - {mese}` → the causale, with option labels and Italian dates; at most 140 characters. */
export function renderCausale(template: string, definition: FormDefinition, values: Record<string, string | undefined>): string {
  const text = template.replace(/\{([a-z][a-z0-9_]*)\}/g, (_, name: string) => {
    const field = definition.find((f) => f.name === name);
    const raw = values[name] ?? '';
    if (!field || raw === '') return '';
    if (field.kind === 'select') return field.options?.find((o) => o.value === raw)?.label ?? raw;
    if (field.kind === 'date') return formatDate(raw);
    return raw;
  });
  const tidy = text
    .replace(/\s+/g, ' ')
    .replace(/(\s-)+\s*$/, '')
    .trim();
  return tidy.length > 140 ? `${tidy.slice(0, 139)}…` : tidy;
}
