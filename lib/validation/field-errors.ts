import type { z } from 'zod';

/** Per-field messages from zod issues, keyed by the dotted path the form uses (first message per field). */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[issue.path.join('.')] ??= issue.message;
  return fieldErrors;
}
