import '@/lib/validation/italian';
import { z } from 'zod';
import type { TransferShare } from '@/db/schema';
import { isValidNumericFiscalCode } from '@/lib/pagopa/fiscal-code';
import { normalizeItalianIban } from '@/lib/pagopa/iban';
import { MAX_SHARES, splitProblem } from '@/lib/positions/transfers';
import { amountRuleSchema, type AmountRule } from './amount-rule';
import { formDefinitionSchema, type FormDefinition } from './form-definition';
import { findTaxonomyEntry, isValidTaxonomyCode, TAXONOMY_FORMAT_MESSAGE } from './taxonomy';

/*
 * A service as the back-office editor submits it. The editor validates with this very schema through
 * react-hook-form and the server actions parse with it again: only the server's result counts.
 */

/** DNS-like, as the database's `services_code_format` check, without a trailing hyphen: it ends up in URLs. */
export const SERVICE_CODE = /^[a-z0-9](?:[a-z0-9-]{0,33}[a-z0-9])?$/;

const text = (max: number, what: string) => z.string().trim().min(1, `Scrivi ${what}`).max(max, `Al massimo ${max} caratteri`);

/** What is wrong with a form definition beyond each field's own shape, as [path, message] pairs. */
export function definitionProblems(definition: FormDefinition): [(string | number)[], string][] {
  const problems: [(string | number)[], string][] = [];
  const seen = new Set<string>();
  definition.forEach((field, i) => {
    if (seen.has(field.name)) problems.push([[i, 'name'], 'Due campi hanno lo stesso nome']);
    seen.add(field.name);
    if (field.kind === 'select') {
      const values = (field.options ?? []).map((o) => o.value);
      if (values.length === 0) problems.push([[i, 'options'], 'Un elenco a scelta ha bisogno di almeno una voce']);
      else if (new Set(values).size !== values.length) problems.push([[i, 'options'], 'Due voci hanno lo stesso valore']);
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max)
      problems.push([[i, 'max'], 'Il massimo deve essere maggiore o uguale al minimo']);
    if (field.pattern) {
      try {
        new RegExp(field.pattern);
      } catch {
        problems.push([[i, 'pattern'], 'Il modello non è un’espressione regolare valida']);
      }
    }
  });
  return problems;
}

/** GovPay's idTipoPendenza pattern: what the partner may call this service. */
export const PARTNER_SERVICE_CODE = /^[a-zA-Z0-9\-_.]{1,35}$/;

// Control characters (NUL included) never belong in a name or a causale, and PostgreSQL refuses NUL.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

const plain = (max: number, what: string) => text(max, what).refine((v) => !CONTROL_CHARACTERS.test(v), 'Contiene caratteri non ammessi');

/** «12,5» (per cent, at most two decimals, below 100) → basis points (1250); anything else → NaN, for zod to refuse. */
export function parsePercentInput(input: string): number {
  const match = /^(\d{1,2})(?:[.,](\d{1,2}))?$/.exec(input.trim());
  if (!match) return Number.NaN;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Another beneficiary's share as the editor holds it: a percentage in basis points or a fixed amount in cents. */
export const transferShareSchema = z
  .object({
    fiscalCodePA: z
      .string()
      .trim()
      .refine(
        isValidNumericFiscalCode,
        'Codice fiscale non valido: servono le 11 cifre del beneficiario, con la cifra di controllo corretta',
      ),
    companyName: plain(140, 'il nome del beneficiario'),
    iban: z
      .string()
      .trim()
      .refine((v) => normalizeItalianIban(v) !== null, "L'IBAN non è valido: serve un IBAN italiano di 27 caratteri"),
    category: z.string().trim().toUpperCase().refine(isValidTaxonomyCode, TAXONOMY_FORMAT_MESSAGE),
    remittanceInformation: z
      .string()
      .trim()
      .max(140, 'Al massimo 140 caratteri')
      .refine((v) => !CONTROL_CHARACTERS.test(v), 'Contiene caratteri non ammessi'),
    kind: z.enum(['percent', 'fixed']),
    basisPoints: z.number().optional(),
    fixedCents: z.number().optional(),
  })
  .superRefine((share, ctx) => {
    if (share.kind === 'percent') {
      const bp = share.basisPoints;
      if (bp === undefined || !Number.isInteger(bp) || bp < 1 || bp > 9999)
        ctx.addIssue({ code: 'custom', path: ['basisPoints'], message: 'Scrivi una percentuale tra 0,01 e 99,99' });
    } else {
      const cents = share.fixedCents;
      if (cents === undefined || !Number.isSafeInteger(cents) || cents < 1)
        ctx.addIssue({ code: 'custom', path: ['fixedCents'], message: 'Scrivi un importo in euro, almeno 0,01' });
    }
  });

export type TransferShareForm = z.output<typeof transferShareSchema>;

/** The share as stored (services.transfer_split). */
export function shareFromForm(share: TransferShareForm): TransferShare {
  return {
    fiscalCodePA: share.fiscalCodePA,
    companyName: share.companyName,
    iban: normalizeItalianIban(share.iban)!,
    category: share.category,
    ...(share.remittanceInformation ? { remittanceInformation: share.remittanceInformation } : {}),
    ...(share.kind === 'percent' ? { basisPoints: share.basisPoints! } : { fixedCents: share.fixedCents! }),
  };
}

export function shareToForm(share: TransferShare): TransferShareForm {
  return {
    fiscalCodePA: share.fiscalCodePA,
    companyName: share.companyName,
    iban: share.iban,
    category: share.category,
    remittanceInformation: share.remittanceInformation ?? '',
    ...(share.fixedCents !== undefined
      ? { kind: 'fixed' as const, fixedCents: share.fixedCents }
      : { kind: 'percent' as const, basisPoints: share.basisPoints }),
  };
}

/** The smallest amount a rule allows: the split must leave the Ente something there (above it, the Ente's part only grows). */
export function smallestAmount(rule: AmountRule): number {
  return rule.kind === 'fixed' ? rule.cents : rule.kind === 'range' ? rule.minCents : rule.unitCents * rule.minQuantity;
}

export const serviceFormSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(SERVICE_CODE, 'Usa da 1 a 35 lettere minuscole, cifre o trattini, senza trattino finale')
      // /admin/servizi/nuovo is the editor for a new service: a service with that code could never be opened.
      .refine((c) => c !== 'nuovo', 'Questo codice è riservato: scegline un altro'),
    title: text(120, 'il titolo'),
    summary: text(300, 'una breve descrizione'),
    description: text(5000, 'la descrizione'),
    category: text(60, 'la categoria'),
    taxonomyCode: z
      .string()
      .refine((c) => isValidTaxonomyCode(c) && findTaxonomyEntry(c) !== undefined, 'Scegli un codice della tassonomia pagoPA'),
    amountRule: amountRuleSchema,
    causaleTemplate: text(140, 'il modello della causale'),
    iban: z
      .string()
      .trim()
      .refine((v) => v === '' || normalizeItalianIban(v) !== null, "L'IBAN non è valido: serve un IBAN italiano di 27 caratteri"),
    payerInfo: z.string().trim().max(1000, 'Al massimo 1000 caratteri'),
    allowAnonymous: z.boolean(),
    formDefinition: formDefinitionSchema,
    transferSplit: z
      .array(transferShareSchema)
      .max(MAX_SHARES, `Al massimo ${MAX_SHARES} altri beneficiari: pagoPA ammette 5 versamenti per avviso`),
    partnerServiceCode: z
      .string()
      .trim()
      .refine((v) => v === '' || PARTNER_SERVICE_CODE.test(v), 'Da 1 a 35 tra lettere, cifre e - _ .'),
  })
  .superRefine((service, ctx) => {
    for (const [path, message] of definitionProblems(service.formDefinition))
      ctx.addIssue({ code: 'custom', path: ['formDefinition', ...path], message });
    const names = new Set(service.formDefinition.map((f) => f.name));
    const unknown = [...service.causaleTemplate.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).filter((n) => !names.has(n));
    if (unknown.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['causaleTemplate'],
        message: `La causale usa campi che il modulo non ha: ${unknown.map((n) => `{${n}}`).join(', ')}`,
      });
    // Checked once every share is valid on its own: together they must leave the Ente at least a cent.
    const shares = service.transferSplit;
    const seenShares = new Set<string>();
    shares.forEach((share, i) => {
      const key = `${share.fiscalCodePA} ${share.category}`;
      if (seenShares.has(key))
        ctx.addIssue({
          code: 'custom',
          path: ['transferSplit', i, 'fiscalCodePA'],
          message: 'Questo beneficiario ha già una quota con lo stesso codice tassonomia: uniscile in una',
        });
      seenShares.add(key);
    });
    if (shares.length > 0 && shares.length <= MAX_SHARES && transferShareSchema.array().safeParse(shares).success) {
      const problem = splitProblem(shares.map(shareFromForm), smallestAmount(service.amountRule));
      if (problem) ctx.addIssue({ code: 'custom', path: ['transferSplit'], message: `${problem} (importo minimo del servizio)` });
    }
  });

export type ServiceFormValues = z.input<typeof serviceFormSchema>;
export type ServiceFormData = z.output<typeof serviceFormSchema>;

/** Editing names the service and the version the clerk started from: a stale or replayed save is refused. */
export const updateServiceSchema = z.object({ id: z.uuid(), version: z.iso.datetime(), service: serviceFormSchema });

export const moveServiceSchema = z.object({ id: z.uuid(), direction: z.enum(['up', 'down']), version: z.iso.datetime() });

export const setServiceActiveSchema = z.object({ id: z.uuid(), active: z.boolean() });

export const setServiceManagersSchema = z.object({ id: z.uuid(), operatorIds: z.array(z.uuid()).max(500) });

/** The editor's starting values: a blank service, or an existing one as stored. */
export function serviceFormValues(
  service?: Pick<
    ServiceFormData,
    | 'code'
    | 'title'
    | 'summary'
    | 'description'
    | 'category'
    | 'taxonomyCode'
    | 'amountRule'
    | 'causaleTemplate'
    | 'allowAnonymous'
    | 'formDefinition'
  > & { ibanOverride: string | null; payerInfo: string | null; transferSplit?: TransferShare[]; partnerServiceCode?: string | null },
): ServiceFormValues {
  if (!service)
    return {
      code: '',
      title: '',
      summary: '',
      description: '',
      category: '',
      taxonomyCode: '',
      amountRule: { kind: 'fixed', cents: 1000 },
      causaleTemplate: '',
      iban: '',
      payerInfo: '',
      allowAnonymous: false,
      formDefinition: [],
      transferSplit: [],
      partnerServiceCode: '',
    };
  // Field by field: a stored row carries ids and dates the form must not send back.
  const { code, title, summary, description, category, taxonomyCode, amountRule, causaleTemplate, allowAnonymous, formDefinition } =
    service;
  return {
    ...{ code, title, summary, description, category, taxonomyCode, amountRule, causaleTemplate, allowAnonymous, formDefinition },
    iban: service.ibanOverride ?? '',
    payerInfo: service.payerInfo ?? '',
    transferSplit: (service.transferSplit ?? []).map(shareToForm),
    partnerServiceCode: service.partnerServiceCode ?? '',
  };
}
