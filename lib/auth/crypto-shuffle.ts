import { randomInt } from 'node:crypto';

/**
 * A uniformly shuffled copy (Fisher–Yates) drawn from the operating system's CSPRNG. AgID asks that the
 * SPID button list the identity providers in random order, so that none is favoured by its position;
 * Math.random would be predictable and slightly biased.
 */
export function cryptoShuffle<T>(items: readonly T[], pick: (maxExclusive: number) => number = randomInt): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}
