import '@/lib/validation/italian';
import { z } from 'zod';
import { normalizeItalianIban } from '@/lib/pagopa/iban';
import { amountRuleSchema } from './amount-rule';
import { formDefinitionSchema, type FormDefinition } from './form-definition';
import { findTaxonomyEntry } from './taxonomy';

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
    taxonomyCode: z.string().refine((c) => findTaxonomyEntry(c) !== undefined, 'Scegli un codice della tassonomia pagoPA'),
    amountRule: amountRuleSchema,
    causaleTemplate: text(140, 'il modello della causale'),
    iban: z
      .string()
      .trim()
      .refine((v) => v === '' || normalizeItalianIban(v) !== null, "L'IBAN non è valido: serve un IBAN italiano di 27 caratteri"),
    payerInfo: z.string().trim().max(1000, 'Al massimo 1000 caratteri'),
    allowAnonymous: z.boolean(),
    formDefinition: formDefinitionSchema,
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
  > & { ibanOverride: string | null; payerInfo: string | null },
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
    };
  // Field by field: a stored row carries ids and dates the form must not send back.
  const { code, title, summary, description, category, taxonomyCode, amountRule, causaleTemplate, allowAnonymous, formDefinition } =
    service;
  return {
    ...{ code, title, summary, description, category, taxonomyCode, amountRule, causaleTemplate, allowAnonymous, formDefinition },
    iban: service.ibanOverride ?? '',
    payerInfo: service.payerInfo ?? '',
  };
}
