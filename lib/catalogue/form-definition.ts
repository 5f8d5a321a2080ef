import { z } from 'zod';

/** Field kinds a service form may use; each maps to an input and a server-side check. */
export const FIELD_KINDS = ['text', 'number', 'date', 'select', 'codice_fiscale', 'targa', 'email'] as const;

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'Nome campo non valido');

export const formFieldSchema = z.object({
  name: fieldName,
  label: z.string().min(1).max(80),
  kind: z.enum(FIELD_KINDS),
  required: z.boolean().default(false),
  help: z.string().max(200).optional(),
  pattern: z.string().max(200).optional(),
  patternMessage: z.string().max(120).optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  options: z.array(z.object({ value: z.string().min(1).max(60), label: z.string().min(1).max(80) })).optional(),
});

export const formDefinitionSchema = z.array(formFieldSchema).max(30);

export type FormField = z.infer<typeof formFieldSchema>;
export type FormDefinition = z.infer<typeof formDefinitionSchema>;
