import type { FieldErrors } from 'react-hook-form';

function nodeAt(errors: FieldErrors, path: string): unknown {
  let node: unknown = errors;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** The message of the error at a dotted path (`formDefinition.2.label`), if any. */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  const message = (nodeAt(errors, path) as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** The first message at or under a path: an option's own error shows on the options' one text area. */
export function firstErrorUnder(errors: FieldErrors, path: string): string | undefined {
  const queue = [nodeAt(errors, path)];
  while (queue.length > 0) {
    const item = queue.shift();
    if (!item || typeof item !== 'object') continue;
    const message = (item as { message?: unknown }).message;
    if (typeof message === 'string') return message;
    queue.push(...Object.entries(item).flatMap(([key, value]) => (key === 'ref' ? [] : [value])));
  }
  return undefined;
}

export const inputClass = 'min-h-11 w-full rounded border-2 border-muted bg-white px-3 aria-[invalid=true]:border-danger';
