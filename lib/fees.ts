import { groupThousands } from '@/lib/format/money';

/*
 * The CIT's fees for the pagoPA portal, exactly as the service page (shared/seed) states them, in integer
 * euro cents. Partner fees are not here: each Ente pays its partner tecnologico directly.
 *
 * Band edges follow the reading of the page: 2,000 inhabitants is the first band, 5,000 belongs to
 * 2,001–5,000 and 10,000 to 5,001–10,000 (the page's "da 5.000 a 10.000" overlaps the band below).
 */

export type FeeEnteKind = 'comune' | 'unione' | 'comunita_montana' | 'altro';
export type FeeParentKind = 'unione' | 'comunita_montana';

export interface FeeEnte {
  kind: FeeEnteKind;
  /** Residents at 31.12.2013: required for a Comune, ignored otherwise. */
  population?: number;
  /** The multi-ente condition: a CM/Unione shares its referente with its members; a Comune belongs to one that does. */
  sharedReferente: boolean;
  parentKind?: FeeParentKind;
}

export interface Fees {
  activationCents: number;
  yearlyCents: number;
}

/** One population band of a Comune's yearly maintenance: `to` null is the open last band. */
export interface PopulationBand {
  from: number;
  to: number | null;
  yearlyCents: number;
}

export const POPULATION_BANDS: readonly PopulationBand[] = [
  { from: 0, to: 2_000, yearlyCents: 50_000 },
  { from: 2_001, to: 5_000, yearlyCents: 90_000 },
  { from: 5_001, to: 10_000, yearlyCents: 180_000 },
  { from: 10_001, to: null, yearlyCents: 250_000 },
];

/** The schedule's other figures; the /cit/quote page prints them from here, so page and computation agree. */
export const FEE_SCHEDULE = {
  activationCents: 50_000,
  notComuneYearlyCents: 150_000,
  multiEnte: {
    /** A Comunità Montana or Unione sharing its referente: no activation, a reduced yearly fee. */
    parentActivationCents: 0,
    parentYearlyCents: 100_000,
    /** Each member Comune: a reduced activation, and this percentage of its band's yearly fee (−30%). */
    memberActivationCents: 40_000,
    memberYearlyPercent: 70,
  },
} as const;

export class FeeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeeInputError';
  }
}

function populationOf(ente: FeeEnte): number {
  const { population } = ente;
  if (population === undefined || population === null) {
    throw new FeeInputError('Comune senza popolazione al 31.12.2013: la quota annuale dipende dalla fascia di abitanti');
  }
  if (!Number.isInteger(population) || population < 0) {
    throw new FeeInputError(`Popolazione al 31.12.2013 non valida: ${population}`);
  }
  return population;
}

/** The band of a Comune of `population` residents. */
export function populationBand(population: number): PopulationBand {
  return POPULATION_BANDS.find((band) => band.to === null || population <= band.to)!;
}

/** `fino a 2.000 abitanti`, `da 2.001 a 5.000 abitanti`, `oltre 10.000 abitanti`. */
export function describeBand(band: PopulationBand): string {
  const n = groupThousands;
  if (band.from === 0) return `fino a ${n(band.to!)} abitanti`;
  if (band.to === null) return `oltre ${n(band.from - 1)} abitanti`;
  return `da ${n(band.from)} a ${n(band.to)} abitanti`;
}

/**
 * Which condition applies to an Ente, after checking that its data make sense: a Comune sharing a referente
 * must belong to an Unione or Comunità Montana, and only those two kinds can share theirs. Contradictory data
 * is an error to fix in the Ente's record, never a silent guess at the fee.
 */
export type FeeCondition = 'ordinaria' | 'multi_ente_capofila' | 'multi_ente_membro';

export function feeCondition(ente: FeeEnte): FeeCondition {
  if (!ente.sharedReferente) return 'ordinaria';
  if (ente.kind === 'comune') {
    if (!ente.parentKind) {
      throw new FeeInputError('Comune con referente condiviso ma senza Unione o Comunità Montana di appartenenza');
    }
    return 'multi_ente_membro';
  }
  if (ente.kind === 'altro') {
    throw new FeeInputError('La condizione multi-ente vale solo per Unioni di Comuni e Comunità Montane');
  }
  return 'multi_ente_capofila';
}

/** The band and condition of an Ente in words, as the fee page and the statements show them. */
export function describeFees(ente: FeeEnte): { band: string; condition: string } {
  const condition = feeCondition(ente);
  const band = ente.kind === 'comune' ? `Comune ${describeBand(populationBand(populationOf(ente)))}` : 'Ente diverso dal Comune';
  const conditionText = {
    ordinaria: 'Tariffa ordinaria',
    multi_ente_capofila: 'Multi-ente: referente unico condiviso con i Comuni aderenti',
    multi_ente_membro: `Multi-ente: Comune aderente (canone al ${FEE_SCHEDULE.multiEnte.memberYearlyPercent}% della fascia)`,
  }[condition];
  return { band, condition: conditionText };
}

/** The CIT's activation fee and yearly maintenance fee for one Ente, in euro cents. Throws FeeInputError on bad data. */
export function computeFees(ente: FeeEnte): Fees {
  const condition = feeCondition(ente);
  const { multiEnte } = FEE_SCHEDULE;
  if (ente.kind !== 'comune') {
    return condition === 'multi_ente_capofila'
      ? { activationCents: multiEnte.parentActivationCents, yearlyCents: multiEnte.parentYearlyCents }
      : { activationCents: FEE_SCHEDULE.activationCents, yearlyCents: FEE_SCHEDULE.notComuneYearlyCents };
  }
  const bandCents = populationBand(populationOf(ente)).yearlyCents;
  if (condition === 'multi_ente_membro') {
    // Whole cents (every band is a whole number of euros, so nothing is actually rounded).
    return { activationCents: multiEnte.memberActivationCents, yearlyCents: Math.round((bandCents * multiEnte.memberYearlyPercent) / 100) };
  }
  return { activationCents: FEE_SCHEDULE.activationCents, yearlyCents: bandCents };
}
