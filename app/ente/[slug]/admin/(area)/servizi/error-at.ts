import type { FieldErrors } from 'react-hook-form';

/** The message of the error at a dotted path (`formDefinition.2.label`), if any. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  const message = (node as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

export const inputClass = 'min-h-11 w-full rounded border-2 border-muted bg-white px-3 aria-[invalid=true]:border-danger';
