'use client';

import { useFormContext, useWatch } from 'react-hook-form';
import type { FormDefinition } from '@/lib/catalogue/form-definition';
import type { ServiceFormValues } from '@/lib/catalogue/service-schema';
import { renderCausale } from '@/lib/catalogue/service-form';

/** An example value per field, so the preview reads like a real causale. */
function exampleValues(definition: FormDefinition): Record<string, string> {
  const today = new Date().toISOString().slice(0, 10);
  return Object.fromEntries(
    definition.map((f) => {
      switch (f.kind) {
        case 'select':
          return [f.name, f.options?.[0]?.value ?? ''];
        case 'date':
          return [f.name, today];
        case 'number':
          return [f.name, String(f.min ?? 1)];
        default:
          return [f.name, `[${f.label}]`];
      }
    }),
  );
}

/** The causale the template gives, with example values, rendered by the same function the payment uses. */
export function CausalePreview() {
  const { control } = useFormContext<ServiceFormValues>();
  const [template, definition] = useWatch({ control, name: ['causaleTemplate', 'formDefinition'] });
  const fields = (definition ?? []) as FormDefinition;
  const text = renderCausale(template ?? '', fields, exampleValues(fields));
  return (
    <div className="mt-2 rounded bg-surface px-3 py-2">
      <p className="text-sm font-semibold">Anteprima della causale</p>
      <output aria-live="polite" className="block font-mono break-words">
        {text || '—'}
      </output>
    </div>
  );
}
