import { FEE_SCHEDULE, FeeInputError, POPULATION_BANDS, computeFees, describeBand, describeFees, type FeeEnte } from '@/lib/fees';

const comune = (population: number, extra: Partial<FeeEnte> = {}): FeeEnte => ({
  kind: 'comune',
  population,
  sharedReferente: false,
  ...extra,
});
const euro = (value: number) => value * 100;

describe('computeFees: a Comune on its own', () => {
  it.each([
    [0, 500],
    [1, 500],
    [2_000, 500],
    [2_001, 900],
    [5_000, 900],
    [5_001, 1_800],
    [10_000, 1_800],
    [10_001, 2_500],
    [195_000, 2_500],
  ])('%i inhabitants → €500 activation and €%i a year', (population, yearly) => {
    expect(computeFees(comune(population))).toEqual({ activationCents: euro(500), yearlyCents: euro(yearly) });
  });

  it('ignores the parent when the referente is not shared', () => {
    expect(computeFees(comune(8_030, { parentKind: 'unione' }))).toEqual({ activationCents: euro(500), yearlyCents: euro(1_800) });
  });
});

describe('computeFees: the Enti that are not a Comune', () => {
  it.each(['unione', 'comunita_montana', 'altro'] as const)('%s → €500 activation and €1,500 a year, population or not', (kind) => {
    expect(computeFees({ kind, sharedReferente: false })).toEqual({ activationCents: euro(500), yearlyCents: euro(1_500) });
    expect(computeFees({ kind, sharedReferente: false, population: 40_000 })).toEqual({
      activationCents: euro(500),
      yearlyCents: euro(1_500),
    });
  });
});

describe('computeFees: the multi-ente condition', () => {
  it.each(['unione', 'comunita_montana'] as const)('a %s sharing its referente pays no activation and €1,000 a year', (kind) => {
    expect(computeFees({ kind, sharedReferente: true })).toEqual({ activationCents: 0, yearlyCents: euro(1_000) });
  });

  it.each([
    [2_000, 350],
    [2_001, 630],
    [5_000, 630],
    [5_001, 1_260],
    [10_000, 1_260],
    [10_001, 1_750],
  ])('a member Comune of %i inhabitants pays €400 activation and 70%% of its band: €%i', (population, yearly) => {
    for (const parentKind of ['unione', 'comunita_montana'] as const) {
      expect(computeFees(comune(population, { sharedReferente: true, parentKind }))).toEqual({
        activationCents: euro(400),
        yearlyCents: euro(yearly),
      });
    }
  });

  it("gives the service page's example: €1,260 instead of €1,800", () => {
    expect(computeFees(comune(7_500, { sharedReferente: true, parentKind: 'comunita_montana' })).yearlyCents).toBe(126_000);
  });

  it('refuses a Comune sharing a referente with no Unione or Comunità Montana: the data are wrong, the fee is not guessed', () => {
    expect(() => computeFees(comune(3_000, { sharedReferente: true }))).toThrow(FeeInputError);
    expect(() => computeFees(comune(3_000, { sharedReferente: true }))).toThrow(/senza Unione o Comunità Montana/);
  });

  it('refuses the condition for an Ente of another kind', () => {
    expect(() => computeFees({ kind: 'altro', sharedReferente: true })).toThrow(/solo per Unioni di Comuni e Comunità Montane/);
  });
});

describe('computeFees: bad input', () => {
  it('refuses a Comune without a population', () => {
    expect(() => computeFees({ kind: 'comune', sharedReferente: false })).toThrow(/Comune senza popolazione al 31.12.2013/);
  });

  it.each([-1, 2.5, Number.NaN])('refuses a population of %p', (population) => {
    expect(() => computeFees(comune(population))).toThrow(FeeInputError);
  });
});

describe('the schedule as the page prints it', () => {
  it('has contiguous bands from 0 with an open last one', () => {
    POPULATION_BANDS.forEach((band, i) => {
      if (i > 0) expect(band.from).toBe(POPULATION_BANDS[i - 1]!.to! + 1);
    });
    expect(POPULATION_BANDS[0]!.from).toBe(0);
    expect(POPULATION_BANDS.at(-1)!.to).toBeNull();
    expect(FEE_SCHEDULE.multiEnte.memberYearlyPercent).toBe(70);
  });

  it('describes bands and conditions in Italian', () => {
    expect(POPULATION_BANDS.map(describeBand)).toEqual([
      'fino a 2.000 abitanti',
      'da 2.001 a 5.000 abitanti',
      'da 5.001 a 10.000 abitanti',
      'oltre 10.000 abitanti',
    ]);
    expect(describeFees(comune(5_000))).toEqual({ band: 'Comune da 2.001 a 5.000 abitanti', condition: 'Tariffa ordinaria' });
    expect(describeFees({ kind: 'unione', sharedReferente: true }).band).toBe('Ente diverso dal Comune');
    expect(describeFees(comune(1_420, { sharedReferente: true, parentKind: 'comunita_montana' })).condition).toMatch(/70%/);
  });
});
