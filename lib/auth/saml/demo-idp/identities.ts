import type { SpidLevel } from '../levels';

/**
 * Fictitious people offered by the demo IdP; the codici fiscali are well-formed but invented. The demo
 * seed (db/seed) gives the staff among them their roles and the citizens their positions.
 */
export interface DemoIdentity {
  key: string;
  name: string;
  familyName: string;
  fiscalNumber: string;
  email: string;
  /** The highest level this demo identity can authenticate at. */
  maxLevel: SpidLevel;
  /** Who this person is in the demo data (shown on the demo IdP's page). */
  description: string;
}

export const DEMO_IDENTITIES: readonly DemoIdentity[] = [
  {
    key: 'mario',
    description: 'Cittadino: ha avvisi da pagare al Comune Demo e a Valmora',
    name: 'Mario',
    familyName: 'Rossi',
    fiscalNumber: 'RSSMRA80A01H501U',
    email: 'mario.rossi@example.org',
    maxLevel: 2,
  },
  {
    key: 'giulia',
    description: 'Cittadina: ha un avviso da pagare al Comune Demo',
    name: 'Giulia',
    familyName: 'Bianchi',
    fiscalNumber: 'BNCGLI92H55F205N',
    email: 'giulia.bianchi@example.org',
    maxLevel: 3,
  },
  {
    key: 'luca',
    description: 'Cittadino con SPID di livello 1: i servizi che chiedono il livello 2 lo rifiutano',
    name: 'Luca',
    familyName: 'Verdi',
    fiscalNumber: 'VRDLCU75S03F839D',
    email: 'luca.verdi@example.org',
    maxLevel: 1,
  },
  {
    key: 'anna',
    description: 'Cittadina senza avvisi',
    name: 'Anna',
    familyName: 'Esposito',
    fiscalNumber: 'SPSNNA01B62L219T',
    email: 'anna.esposito@example.org',
    maxLevel: 2,
  },
  {
    key: 'laura',
    description: 'Amministratrice del CIT (cruscotto provinciale)',
    name: 'Laura',
    familyName: 'Bertoli',
    fiscalNumber: 'BRTLRA75C52B157G',
    email: 'cit.admin@provincia.example.it',
    maxLevel: 2,
  },
  {
    key: 'marco',
    description: 'Operatore del CIT (cruscotto provinciale)',
    name: 'Marco',
    familyName: 'Zanardelli',
    fiscalNumber: 'ZNRMRC82P05B157W',
    email: 'cit.operatore@provincia.example.it',
    maxLevel: 2,
  },
  {
    key: 'paolo',
    description: 'Amministratore del Comune Demo',
    name: 'Paolo',
    familyName: 'Ferri',
    fiscalNumber: 'FRRPLA70H21B157M',
    email: 'admin@comune-demo.example.it',
    maxLevel: 2,
  },
  {
    key: 'giuliaf',
    description: 'Operatrice del Comune Demo',
    name: 'Giulia',
    familyName: 'Ferrari',
    fiscalNumber: 'FRRGLI88B54B157Q',
    email: 'operatore@comune-demo.example.it',
    maxLevel: 2,
  },
  {
    key: 'sara',
    description: 'Amministratrice del Comune di Valmora',
    name: 'Sara',
    familyName: 'Bonetti',
    fiscalNumber: 'BNTSRA79S43B157V',
    email: 'admin@valmora.example.it',
    maxLevel: 3,
  },
  {
    key: 'stefano',
    description: 'Operatore del Comune di Valmora, solo per alcuni servizi',
    name: 'Stefano',
    familyName: 'Gatti',
    fiscalNumber: 'GTTSFN85A30B157O',
    email: 'operatore@valmora.example.it',
    maxLevel: 2,
  },
];

export function demoIdentity(key: string): DemoIdentity | undefined {
  return DEMO_IDENTITIES.find((i) => i.key === key);
}
