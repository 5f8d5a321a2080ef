/*
 * next/cache outside a Next server (jest.config.mjs maps it here): there is no data cache, so a cached read
 * runs every time, and revalidations are recorded, so that a test can check what a change invalidates.
 */
const revalidated: string[] = [];

export function unstable_cache<A extends unknown[], T>(load: (...args: A) => Promise<T>): (...args: A) => Promise<T> {
  return load;
}

export function revalidateTag(tag: string): void {
  revalidated.push(tag);
}

export function revalidatePath(path: string, type?: 'layout' | 'page'): void {
  revalidated.push(`path:${path}${type ? `:${type}` : ''}`);
}

/** The tags revalidated since the last call. */
export function takeRevalidatedTags(): string[] {
  return revalidated.splice(0);
}
