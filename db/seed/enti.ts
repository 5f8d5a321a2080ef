import type { Ente, NewEnte } from '../schema';

type EnteStatus = Ente['adhesionStatus'];
import type { CataloguePrices } from './catalogue';

export type EnteSeed = Omit<NewEnte, 'id' | 'parentId'> & {
  /** Slug of the Unione or Comunità Montana this Ente belongs to. */
  parentSlug?: string;
  catalogue: 'full' | 'member' | 'unione' | 'comunita_montana' | 'none';
  prices?: CataloguePrices;
};

const activated = new Date('2024-03-01T08:00:00Z');

/**
 * A believable province: fictional bodies with valid codici fiscali (office code 017, Brescia) and
 * IBANs with correct CIN and check digits. Sizes cover every CIT fee band.
 */
export const DEMO_ENTI: EnteSeed[] = [
  {
    slug: 'comune-demo',
    name: 'Comune di Demo',
    kind: 'comune',
    fiscalCode: '00812300176',
    ipaCode: 'c_demo',
    population2013: 12_480,
    adhesionStatus: 'attivo',
    activatedAt: activated,
    partner: 'sandbox',
    segregationCode: '01',
    cbill: 'AB12C',
    iban: 'IT96L0306911200000000012345',
    primaryColor: '#0066CC',
    address: 'Piazza della Loggia 1, 25100 Demo (BS)',
    email: 'tributi@comune-demo.example.it',
    pec: 'protocollo@pec.comune-demo.example.it',
    phone: '030 1234567',
    website: 'https://www.comune-demo.example.it',
    officeHours: 'Lun-ven 9:00-12:30, gio anche 14:30-17:30',
    catalogue: 'full',
    prices: {
      mealCents: 520,
      schoolBusQuarterCents: 12_000,
      schools: ['Primaria "G. Rodari"', 'Primaria "A. Manzoni"', 'Secondaria "E. Fermi"'],
    },
  },
  {
    slug: 'valmora',
    name: 'Comune di Valmora',
    kind: 'comune',
    fiscalCode: '00754120178',
    ipaCode: 'c_valmora',
    population2013: 1_420,
    parentSlug: 'cm-alta-valmora',
    // Its Comunità Montana shares the referente (the column follows the CM's choice, see lib/billing/shared-referente.ts).
    sharedReferente: true,
    adhesionStatus: 'attivo',
    activatedAt: activated,
    partner: 'sandbox',
    segregationCode: '02',
    cbill: 'VM001',
    iban: 'IT55L0503411200000000004567',
    primaryColor: '#1B5E20',
    address: 'Via Roma 2, 25050 Valmora (BS)',
    email: 'segreteria@comune.valmora.example.it',
    pec: 'comune.valmora@pec.example.it',
    phone: '0364 123456',
    officeHours: 'Mar e gio 9:00-12:00',
    catalogue: 'full',
    prices: { mealCents: 450, schoolBusQuarterCents: 8_000, schools: ['Primaria di Valmora'] },
  },
  {
    slug: 'castel-oglio',
    name: "Comune di Castel d'Oglio",
    kind: 'comune',
    fiscalCode: '00834550170',
    ipaCode: 'c_casteloglio',
    population2013: 3_960,
    parentSlug: 'unione-terre-basse',
    adhesionStatus: 'attivo',
    activatedAt: activated,
    partner: 'sandbox',
    segregationCode: '03',
    cbill: 'CO3X1',
    iban: 'IT90V0869254110000000033021',
    primaryColor: '#8E1B1B',
    address: "Piazza Garibaldi 5, 25020 Castel d'Oglio (BS)",
    email: 'ragioneria@comune.casteloglio.example.it',
    pec: 'protocollo@pec.casteloglio.example.it',
    phone: '030 9876543',
    officeHours: 'Lun-sab 9:00-12:00',
    catalogue: 'member',
    prices: { mealCents: 480, schoolBusQuarterCents: 9_000, schools: ['Primaria "Don Milani"', 'Infanzia "Arcobaleno"'] },
  },
  {
    slug: 'ronchi-franciacorta',
    name: 'Comune di Ronchi di Franciacorta',
    kind: 'comune',
    fiscalCode: '00799110176',
    ipaCode: 'c_ronchifc',
    population2013: 8_030,
    parentSlug: 'unione-terre-basse',
    adhesionStatus: 'attivo',
    activatedAt: new Date('2025-05-12T07:00:00Z'),
    partner: 'sandbox',
    segregationCode: '04',
    cbill: 'RF8K2',
    iban: 'IT60S0569611200000000090017',
    primaryColor: '#5B2C83',
    address: 'Via Vittorio Emanuele II 14, 25030 Ronchi di Franciacorta (BS)',
    email: 'tributi@comune.ronchifc.example.it',
    pec: 'comune.ronchifc@pec.example.it',
    phone: '030 7654321',
    officeHours: 'Lun-ven 8:30-12:30',
    catalogue: 'member',
    prices: { mealCents: 500, schoolBusQuarterCents: 10_500, schools: ['Primaria "S. Pertini"', 'Secondaria "A. Moro"'] },
  },
  {
    slug: 'unione-terre-basse',
    name: 'Unione dei Comuni delle Terre Basse',
    kind: 'unione',
    fiscalCode: '98012340174',
    ipaCode: 'u_terrebasse',
    adhesionStatus: 'attivo',
    activatedAt: activated,
    partner: 'sandbox',
    segregationCode: '05',
    cbill: 'UT5B7',
    iban: 'IT46D0311155230000000061234',
    primaryColor: '#00695C',
    address: "Piazza Garibaldi 5, 25020 Castel d'Oglio (BS)",
    email: 'polizialocale@unioneterrebasse.example.it',
    pec: 'unione.terrebasse@pec.example.it',
    phone: '030 9870000',
    officeHours: 'Lun-ven 9:00-12:00',
    catalogue: 'unione',
    prices: {
      mealCents: 0,
      schoolBusQuarterCents: 11_000,
      schools: ['Primaria "Don Milani"', 'Primaria "S. Pertini"', 'Secondaria "A. Moro"'],
    },
  },
  {
    slug: 'cm-alta-valmora',
    name: "Comunità Montana dell'Alta Valmora",
    kind: 'comunita_montana',
    fiscalCode: '98023450178',
    ipaCode: 'cm_altavalmora',
    adhesionStatus: 'attivo',
    // The multi-ente condition: Valmora's fees are reduced (lib/fees.ts).
    sharedReferente: true,
    activatedAt: activated,
    partner: 'sandbox',
    segregationCode: '06',
    cbill: 'CMV06',
    iban: 'IT46Y0873554320000000012001',
    primaryColor: '#33691E',
    address: 'Via Nazionale 40, 25050 Valmora (BS)',
    email: 'info@cm-altavalmora.example.it',
    pec: 'cm.altavalmora@pec.example.it',
    phone: '0364 555100',
    officeHours: 'Lun-ven 8:30-12:30',
    catalogue: 'comunita_montana',
  },
  {
    slug: 'pratolungo',
    name: 'Comune di Pratolungo',
    kind: 'comune',
    fiscalCode: '00845600170',
    ipaCode: 'c_pratolungo',
    population2013: 5_210,
    adhesionStatus: 'in_attivazione',
    partner: 'sandbox',
    segregationCode: '07',
    iban: 'IT73U0760111200000017412256',
    primaryColor: '#0D47A1',
    address: 'Piazza Municipio 1, 25010 Pratolungo (BS)',
    email: 'ragioneria@comune.pratolungo.example.it',
    catalogue: 'full',
    prices: { mealCents: 490, schoolBusQuarterCents: 9_500, schools: ['Primaria di Pratolungo'] },
  },
];

export const DEMO_PASSWORD_ENV = 'DEMO_STAFF_PASSWORD';

/**
 * Each Ente's adhesion history (state, Italian date), for the CIT's yearly billing: most Enti active since
 * 1 March 2024, Ronchi activated during 2025, Castel d'Oglio suspended for September 2025, Pratolungo still
 * being activated. Its last state is the Ente's adhesionStatus above; a suspension carries its reason.
 */
export const DEMO_ADHESION_HISTORY: Readonly<Record<string, readonly (readonly [EnteStatus, string, string?])[]>> = {
  'comune-demo': [
    ['richiesta', '2023-12-11'],
    ['in_attivazione', '2024-01-15'],
    ['attivo', '2024-03-01'],
  ],
  'cm-alta-valmora': [
    ['richiesta', '2023-12-18'],
    ['in_attivazione', '2024-01-22'],
    ['attivo', '2024-03-01'],
  ],
  valmora: [
    ['richiesta', '2023-12-18'],
    ['in_attivazione', '2024-01-22'],
    ['attivo', '2024-03-01'],
  ],
  'unione-terre-basse': [
    ['richiesta', '2024-01-08'],
    ['in_attivazione', '2024-02-05'],
    ['attivo', '2024-03-01'],
  ],
  'castel-oglio': [
    ['richiesta', '2024-01-08'],
    ['in_attivazione', '2024-02-05'],
    ['attivo', '2024-03-01'],
    ['sospeso', '2025-09-01', 'Cambio del partner tecnologico: servizio sospeso fino al collaudo'],
    ['attivo', '2025-10-01'],
  ],
  'ronchi-franciacorta': [
    ['richiesta', '2025-02-10'],
    ['in_attivazione', '2025-03-17'],
    ['attivo', '2025-05-12'],
  ],
  pratolungo: [
    ['richiesta', '2026-06-03'],
    ['in_attivazione', '2026-09-15'],
  ],
};

/** Staff accounts of the demo: one CIT operator and an administrator per active Ente. */
export const DEMO_CIT_STAFF = [
  {
    email: 'cit.admin@provincia.example.it',
    fullName: 'Laura Bertoli',
    fiscalCode: 'BRTLRA75C52B157G',
    platformRole: 'cit_admin' as const,
  },
  {
    email: 'cit.operatore@provincia.example.it',
    fullName: 'Marco Zanardelli',
    fiscalCode: 'ZNRMRC82P05B157W',
    platformRole: 'cit_operator' as const,
  },
];

/**
 * Named staff of two Enti, who sign in with the demo IdP (their codici fiscali are in
 * lib/auth/saml/demo-idp/identities.ts) or, where STAFF_PASSWORD_LOGIN allows, with their e-mail. An
 * operator with `services` is limited to those services of the Ente.
 */
export const DEMO_ENTE_STAFF: readonly {
  slug: string;
  role: 'ente_admin' | 'ente_operator';
  email: string;
  fullName: string;
  fiscalCode: string;
  services: readonly string[];
}[] = [
  {
    slug: 'comune-demo',
    role: 'ente_admin',
    email: 'admin@comune-demo.example.it',
    fullName: 'Paolo Ferri',
    fiscalCode: 'FRRPLA70H21B157M',
    services: [],
  },
  {
    slug: 'comune-demo',
    role: 'ente_operator',
    email: 'operatore@comune-demo.example.it',
    fullName: 'Giulia Ferrari',
    fiscalCode: 'FRRGLI88B54B157Q',
    services: [],
  },
  {
    slug: 'valmora',
    role: 'ente_admin',
    email: 'admin@valmora.example.it',
    fullName: 'Sara Bonetti',
    fiscalCode: 'BNTSRA79S43B157V',
    services: [],
  },
  {
    slug: 'valmora',
    role: 'ente_operator',
    email: 'operatore@valmora.example.it',
    fullName: 'Stefano Gatti',
    fiscalCode: 'GTTSFN85A30B157O',
    services: ['mensa', 'trasporto-scolastico'],
  },
];
