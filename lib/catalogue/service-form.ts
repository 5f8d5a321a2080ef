import '@/lib/validation/italian';
import { z } from 'zod';
import { isValidDebtorFiscalCode, isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';
import { formatEuro, parseEuroInput } from '@/lib/format/money';
import { formatDate } from '@/lib/format/date';
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

/** What is wrong with one field's (normalized) value, in words for the citizen; null if nothing. */
function fieldProblem(field: FormField, value: string): string | null {
  const label = `«${field.label}»`;
  if (value === '') return field.required ? `Compila ${label}` : null;
  switch (field.kind) {
    case 'codice_fiscale':
      if (!isValidPersonFiscalCode(value)) return `Il codice fiscale in ${label} non è valido`;
      break;
    case 'targa':
      if (!PLATE.test(value)) return `La targa in ${label} non è valida: scrivila senza spazi, per esempio AB123CD`;
      break;
    case 'email':
      if (!z.string().email().safeParse(value).success) return `L'indirizzo in ${label} non è valido`;
      break;
    case 'date':
      if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) return `Scegli una data valida in ${label}`;
      break;
    case 'number': {
      const n = Number(value.replace(',', '.'));
      const inRange = Number.isFinite(n) && (field.min === undefined || n >= field.min) && (field.max === undefined || n <= field.max);
      if (!inRange)
        return `Scrivi un numero valido in ${label}${field.min !== undefined && field.max !== undefined ? ` (da ${field.min} a ${field.max})` : ''}`;
      break;
    }
    case 'select':
      if (!(field.options ?? []).some((o) => o.value === value)) return `Scegli una delle voci di ${label}`;
      break;
    case 'text':
      if (field.max !== undefined && value.length > field.max) return `${label} può avere al massimo ${field.max} caratteri`;
      break;
  }
  if (field.pattern && !new RegExp(field.pattern).test(value)) return field.patternMessage ?? `Il formato di ${label} non è valido`;
  return null;
}

function fieldSchema(field: FormField) {
  return z
    .string()
    .transform((raw) => normalizeField(field, raw))
    .superRefine((value, ctx) => {
      const problem = fieldProblem(field, value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export interface PaymentFormConfig {
  formDefinition: FormDefinition;
  amountRule: AmountRule;
  allowAnonymous: boolean;
}

export function buildPaymentFormSchema(config: PaymentFormConfig) {
  const fields = Object.fromEntries(config.formDefinition.map((f) => [f.name, fieldSchema(f)]));
  const rule = config.amountRule;
  return z
    .object({
      fields: z.object(fields),
      debtorFiscalCode: z
        .string()
        .trim()
        .toUpperCase()
        .refine((v) => (v === '' ? config.allowAnonymous : isValidDebtorFiscalCode(v)), {
          message: config.allowAnonymous
            ? 'Il codice fiscale o la partita IVA non sono validi'
            : 'Scrivi un codice fiscale o una partita IVA validi',
        }),
      debtorName: z.string().trim().max(70, 'Il nome può avere al massimo 70 caratteri'),
      debtorEmail: z
        .string()
        .trim()
        .toLowerCase()
        .refine((v) => v === '' || z.string().email().safeParse(v).success, "L'indirizzo e-mail non è valido"),
      amount: z.string().trim(),
      quantity: z.string().trim(),
    })
    .superRefine((value, ctx) => {
      if (value.debtorFiscalCode !== '' && value.debtorName.length < 2) {
        ctx.addIssue({ code: 'custom', path: ['debtorName'], message: 'Scrivi nome e cognome o la ragione sociale di chi paga' });
      }
      const problem = amountProblem(rule, value.amount, value.quantity);
      if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    });
}

export type PaymentFormValues = z.input<ReturnType<typeof buildPaymentFormSchema>>;
export type PaymentFormData = z.output<ReturnType<typeof buildPaymentFormSchema>>;

function amountProblem(rule: AmountRule, amount: string, quantity: string): { field: 'amount' | 'quantity'; message: string } | null {
  if (rule.kind === 'range') {
    const cents = parseEuroInput(amount);
    if (cents === null) return { field: 'amount', message: "Scrivi l'importo in euro, per esempio 25,50" };
    if (cents < rule.minCents || cents > rule.maxCents) {
      return { field: 'amount', message: `L'importo deve essere tra ${formatEuro(rule.minCents)} e ${formatEuro(rule.maxCents)}` };
    }
  }
  if (rule.kind === 'unit') {
    const n = Number(quantity);
    if (!/^\d+$/.test(quantity) || n < rule.minQuantity || n > rule.maxQuantity) {
      return { field: 'quantity', message: `Scegli una quantità da ${rule.minQuantity} a ${rule.maxQuantity}` };
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
