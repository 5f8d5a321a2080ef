'use client';

import { useFormContext, useWatch } from 'react-hook-form';
import { PaymentForm } from '@/app/ente/[slug]/[lingua]/servizi/[code]/payment-form';
import { amountRuleSchema } from '@/lib/catalogue/amount-rule';
import { formDefinitionSchema, type FormDefinition } from '@/lib/catalogue/form-definition';
import { definitionProblems, type ServiceFormValues } from '@/lib/catalogue/service-schema';

/**
 * The citizen's form as it will be, drawn by the citizen page's own component with the same checks,
 * whenever what the clerk typed so far is a valid form; otherwise a note says what to finish first.
 */
export function ServicePreview() {
  const { control } = useFormContext<ServiceFormValues>();
  const [definition, amountRule, allowAnonymous, code] = useWatch({
    control,
    name: ['formDefinition', 'amountRule', 'allowAnonymous', 'code'],
  });
  const parsedDefinition = formDefinitionSchema.safeParse(definition);
  const parsedRule = amountRuleSchema.safeParse(amountRule);
  const ready = parsedDefinition.success && parsedRule.success && definitionProblems(parsedDefinition.data).length === 0;
  const fieldCount = parsedDefinition.success ? parsedDefinition.data.length : 0;

  return (
    <section aria-labelledby="anteprima" className="rounded border border-line p-4 sm:p-5">
      <h2 id="anteprima" className="text-2xl font-bold">
        Anteprima del modulo
      </h2>
      <p role="status" className="mt-1 text-muted">
        {ready
          ? `Il modulo come lo vedrà il cittadino, con ${fieldCount === 1 ? '1 campo' : `${fieldCount} campi`}.`
          : "L'anteprima si aggiorna quando i campi del modulo e l'importo sono completi e corretti."}
      </p>
      {ready && (
        <PaymentForm
          // Remounted on every change: the citizen's form starts from its definition, as on the real page.
          key={JSON.stringify([parsedDefinition.data, parsedRule.data, allowAnonymous])}
          preview
          code={code || 'anteprima'}
          formDefinition={parsedDefinition.data as FormDefinition}
          amountRule={parsedRule.data}
          allowAnonymous={allowAnonymous}
        />
      )}
    </section>
  );
}
