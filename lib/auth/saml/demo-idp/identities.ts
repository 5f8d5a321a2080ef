import type { SpidLevel } from '../identity';

/** Fictitious people offered by the demo IdP; the codici fiscali are well-formed but invented. */
export interface DemoIdentity {
  key: string;
  name: string;
  familyName: string;
  fiscalNumber: string;
  email: string;
  /** The highest level this demo identity can authenticate at. */
  maxLevel: SpidLevel;
}

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    key: 'mario',
    name: 'Mario',
    familyName: 'Rossi',
    fiscalNumber: 'RSSMRA80A01H501U',
    email: 'mario.rossi@example.org',
    maxLevel: 'SpidL2',
  },
  {
    key: 'giulia',
    name: 'Giulia',
    familyName: 'Bianchi',
    fiscalNumber: 'BNCGLI92H55F205N',
    email: 'giulia.bianchi@example.org',
    maxLevel: 'SpidL3',
  },
  {
    key: 'luca',
    name: 'Luca',
    familyName: 'Verdi',
    fiscalNumber: 'VRDLCU75S03F839D',
    email: 'luca.verdi@example.org',
    maxLevel: 'SpidL1',
  },
  {
    key: 'anna',
    name: 'Anna',
    familyName: 'Esposito',
    fiscalNumber: 'SPSNNA01B62L219T',
    email: 'anna.esposito@example.org',
    maxLevel: 'SpidL2',
  },
];

export function demoIdentity(key: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((i) => i.key === key);
}
