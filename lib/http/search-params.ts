/**
 * One value of a query parameter. `?codice=a&codice=b` gives Next an array: pages take the first value
 * instead of failing, and never trust the type they were promised.
 */
export function singleParam(value: string | string[] | undefined, maxLength = 200): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.slice(0, maxLength) : undefined;
}

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
