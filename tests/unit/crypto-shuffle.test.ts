import { cryptoShuffle } from '@/lib/auth/crypto-shuffle';

// The real CSPRNG, counted: the shuffle must draw from it and from nothing else.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, randomInt: jest.fn(actual.randomInt) };
});
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mocked module, to read its call count
const { randomInt } = require('node:crypto') as { randomInt: jest.Mock };

const IDPS = ['Aruba', 'InfoCert', 'Intesa', 'Lepida', 'Namirial', 'Poste', 'Sielte', 'TIM', 'Register', 'EtnaID'];

describe('cryptoShuffle', () => {
  beforeEach(() => randomInt.mockClear());

  it('returns every item exactly once and leaves the input alone', () => {
    const input = [...IDPS];
    for (let run = 0; run < 50; run++) {
      const shuffled = cryptoShuffle(input);
      expect([...shuffled].sort()).toEqual([...IDPS].sort());
    }
    expect(input).toEqual(IDPS);
  });

  it('draws from node:crypto randomInt, once per position, never from Math.random', () => {
    const mathRandom = jest.spyOn(Math, 'random');
    cryptoShuffle(IDPS);
    expect(randomInt).toHaveBeenCalledTimes(IDPS.length - 1);
    expect(mathRandom).not.toHaveBeenCalled();
    mathRandom.mockRestore();
  });

  it('varies the order, and every provider gets the first place', () => {
    const orders = new Set<string>();
    const firsts = new Map<string, number>();
    const runs = 2000;
    for (let run = 0; run < runs; run++) {
      const shuffled = cryptoShuffle(IDPS);
      orders.add(shuffled.join());
      firsts.set(shuffled[0]!, (firsts.get(shuffled[0]!) ?? 0) + 1);
    }
    expect(orders.size).toBeGreaterThan(runs * 0.95);
    expect(firsts.size).toBe(IDPS.length);
    // Uniform: 200 expected each; a biased shuffle (e.g. sort by Math.random) strays far from it.
    for (const count of firsts.values()) expect(count).toBeGreaterThan(120);
  });

  it('is a plain Fisher–Yates over the picks it is given (all permutations reachable)', () => {
    expect(cryptoShuffle(['a', 'b', 'c'], () => 0)).toEqual(['b', 'c', 'a']);
    expect(cryptoShuffle(['a', 'b', 'c'], (n) => n - 1)).toEqual(['a', 'b', 'c']);
    expect(cryptoShuffle([], () => 0)).toEqual([]);
    expect(cryptoShuffle(['solo'])).toEqual(['solo']);
  });
});
