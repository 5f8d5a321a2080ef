import type { NewService } from '../schema';
import type { FormField } from '@/lib/catalogue/form-definition';

type ServiceTemplate = Omit<NewService, 'enteId'>;

/** Price list differences between a small and a large Comune. */
export interface CataloguePrices {
  mealCents: number;
  schoolBusQuarterCents: number;
  schools: string[];
}

const MONTHS = ['settembre', 'ottobre', 'novembre', 'dicembre', 'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno'];
const monthField: FormField = {
  name: 'mese',
  label: 'Mese di riferimento',
  kind: 'select',
  required: true,
  options: MONTHS.map((m) => ({ value: m, label: m[0]!.toUpperCase() + m.slice(1) })),
};
const pupilFields: FormField[] = [
  { name: 'alunno', label: "Nome e cognome dell'alunno", kind: 'text', required: true, max: 80 },
  {
    name: 'cf_alunno',
    label: "Codice fiscale dell'alunno",
    kind: 'codice_fiscale',
    required: true,
    help: 'Il codice fiscale di chi usufruisce del servizio, non di chi paga.',
  },
];

export function tari(sortOrder: number): ServiceTemplate {
  return {
    code: 'tari',
    title: 'TARI - Tassa sui rifiuti',
    summary: "Versamento della tassa sui rifiuti dell'anno in corso, anche a saldo o in acconto.",
    description:
      "La TARI finanzia il servizio di raccolta e smaltimento dei rifiuti. Il Comune invia ogni anno l'avviso di pagamento con le rate e le scadenze: se hai l'avviso, usa \"Paga un avviso\" con il codice avviso stampato. Usa questo modulo solo per versamenti spontanei concordati con l'Ufficio Tributi (ravvedimenti, integrazioni, nuove utenze).",
    category: 'Tributi',
    taxonomyCode: '9/0101101IM/',
    amountRule: { kind: 'range', minCents: 100, maxCents: 500_000 },
    formDefinition: [
      {
        name: 'anno',
        label: 'Anno di riferimento',
        kind: 'select',
        required: true,
        options: [
          { value: '2026', label: '2026' },
          { value: '2025', label: '2025' },
        ],
      },
      {
        name: 'codice_utenza',
        label: 'Codice utenza',
        kind: 'text',
        required: true,
        pattern: '^[A-Z0-9]{4,12}$',
        patternMessage: 'Il codice utenza ha da 4 a 12 lettere maiuscole o cifre',
        help: "Lo trovi in alto a destra nell'avviso TARI.",
      },
    ],
    causaleTemplate: 'TARI {anno} - utenza {codice_utenza}',
    payerInfo: "L'intestatario dell'utenza o un suo delegato.",
    sortOrder,
  };
}

export function canoneUnico(sortOrder: number): ServiceTemplate {
  return {
    code: 'canone-unico',
    title: 'Canone unico patrimoniale',
    summary: 'Occupazione di suolo pubblico, esposizione pubblicitaria e mercati.',
    description:
      "Il canone unico patrimoniale sostituisce TOSAP, COSAP, imposta sulla pubblicità e diritti sulle pubbliche affissioni. Indica il numero dell'autorizzazione o della concessione rilasciata dal Comune: l'importo è quello comunicato dall'ufficio.",
    category: 'Tributi',
    taxonomyCode: '9/0101107TS/',
    amountRule: { kind: 'range', minCents: 500, maxCents: 2_000_000 },
    formDefinition: [
      {
        name: 'tipo',
        label: 'Tipo di canone',
        kind: 'select',
        required: true,
        options: [
          { value: 'suolo', label: 'Occupazione di suolo pubblico' },
          { value: 'pubblicita', label: 'Esposizione pubblicitaria' },
          { value: 'mercato', label: 'Mercato settimanale' },
        ],
      },
      { name: 'autorizzazione', label: 'Numero di autorizzazione', kind: 'text', required: true, max: 30 },
    ],
    causaleTemplate: 'Canone unico - {tipo} - aut. {autorizzazione}',
    payerInfo: "Il titolare dell'autorizzazione o della concessione.",
    sortOrder,
  };
}

export function mensa(sortOrder: number, prices: CataloguePrices): ServiceTemplate {
  return {
    code: 'mensa',
    title: 'Mensa scolastica',
    summary: 'Acquisto dei buoni pasto per la refezione scolastica.',
    description:
      "Il servizio di refezione è attivo nei giorni di lezione con rientro pomeridiano. Acquista i buoni pasto per il mese: il costo è calcolato sul numero di pasti. Le riduzioni ISEE approvate sono già applicate al prezzo del buono dell'alunno dall'Ufficio Scuola.",
    category: 'Scuola e servizi educativi',
    taxonomyCode: '9/0107101TS/',
    amountRule: { kind: 'unit', unitCents: prices.mealCents, unitLabel: 'buono pasto', minQuantity: 1, maxQuantity: 60 },
    formDefinition: [
      ...pupilFields,
      {
        name: 'scuola',
        label: 'Scuola',
        kind: 'select',
        required: true,
        options: prices.schools.map((s) => ({ value: s, label: s })),
      },
      monthField,
    ],
    causaleTemplate: 'Mensa scolastica - {alunno} - {mese}',
    payerInfo: "Un genitore o chi esercita la responsabilità genitoriale sull'alunno.",
    sortOrder,
  };
}

export function trasporto(sortOrder: number, prices: CataloguePrices): ServiceTemplate {
  return {
    code: 'trasporto-scolastico',
    title: 'Trasporto scolastico',
    summary: 'Quota trimestrale per lo scuolabus.',
    description:
      "Lo scuolabus accompagna gli alunni delle scuole dell'infanzia, primarie e secondarie di primo grado iscritti al servizio. La quota è trimestrale e va versata entro l'inizio del trimestre.",
    category: 'Scuola e servizi educativi',
    taxonomyCode: '9/0107102SP/',
    amountRule: { kind: 'fixed', cents: prices.schoolBusQuarterCents },
    formDefinition: [
      ...pupilFields,
      {
        name: 'trimestre',
        label: 'Trimestre',
        kind: 'select',
        required: true,
        options: [
          { value: 'set-dic', label: 'Settembre - dicembre' },
          { value: 'gen-mar', label: 'Gennaio - marzo' },
          { value: 'apr-giu', label: 'Aprile - giugno' },
        ],
      },
    ],
    causaleTemplate: 'Trasporto scolastico - {alunno} - {trimestre}',
    payerInfo: "Un genitore o chi esercita la responsabilità genitoriale sull'alunno.",
    sortOrder,
  };
}

export function dirittiSegreteria(sortOrder: number): ServiceTemplate {
  return {
    code: 'diritti-segreteria',
    title: 'Diritti di segreteria',
    summary: 'Pratiche edilizie, certificati urbanistici, accesso agli atti e copie.',
    description:
      "I diritti di segreteria sono dovuti per il rilascio di atti e certificati e per l'istruttoria delle pratiche edilizie (CILA, SCIA, permessi di costruire, certificati di destinazione urbanistica). L'importo è indicato nella tabella dei diritti pubblicata dall'ufficio competente.",
    category: 'Servizi al cittadino',
    taxonomyCode: '9/0103100TS/',
    amountRule: { kind: 'range', minCents: 26, maxCents: 51_600 },
    formDefinition: [
      {
        name: 'pratica',
        label: 'Tipo di pratica',
        kind: 'select',
        required: true,
        options: [
          { value: 'CILA', label: 'CILA' },
          { value: 'SCIA', label: 'SCIA' },
          { value: 'PdC', label: 'Permesso di costruire' },
          { value: 'CDU', label: 'Certificato di destinazione urbanistica' },
          { value: 'accesso-atti', label: 'Accesso agli atti' },
        ],
      },
      {
        name: 'riferimento',
        label: 'Riferimento della pratica',
        kind: 'text',
        required: false,
        max: 40,
        help: 'Numero di protocollo, se già assegnato.',
      },
    ],
    causaleTemplate: 'Diritti di segreteria - {pratica} {riferimento}',
    payerInfo: 'Chi presenta la pratica o il suo tecnico incaricato.',
    sortOrder,
  };
}

export function cartaIdentita(sortOrder: number): ServiceTemplate {
  return {
    code: 'carta-identita',
    title: "Carta d'identità elettronica",
    summary: "Corrispettivo per il rilascio della CIE, da pagare prima dell'appuntamento.",
    description:
      "Il corrispettivo per la carta d'identità elettronica è di 22,21 € (16,79 € per lo Stato e 5,42 € di diritti comunali). Paga prima dell'appuntamento allo sportello anagrafe e porta con te la ricevuta, la vecchia carta e una fototessera recente.",
    category: 'Servizi demografici',
    taxonomyCode: '9/0104100TS/',
    amountRule: { kind: 'fixed', cents: 2221 },
    formDefinition: [
      { name: 'richiedente', label: 'Nome e cognome del richiedente', kind: 'text', required: true, max: 80 },
      { name: 'cf_richiedente', label: 'Codice fiscale del richiedente', kind: 'codice_fiscale', required: true },
      { name: 'appuntamento', label: "Data dell'appuntamento", kind: 'date', required: false },
    ],
    causaleTemplate: 'CIE - {richiedente}',
    payerInfo: 'Il richiedente o, per i minori, un genitore.',
    allowAnonymous: true,
    sortOrder,
  };
}

export function sanzioniCds(sortOrder: number): ServiceTemplate {
  return {
    code: 'sanzioni-cds',
    title: 'Sanzioni al Codice della Strada',
    summary: 'Pagamento dei verbali della Polizia Locale.',
    description:
      'Se hai ricevuto un verbale con l\'avviso pagoPA, usa "Paga un avviso": l\'importo è già calcolato. Usa questo modulo per i verbali senza avviso. Il pagamento entro 5 giorni dalla notifica dà diritto alla riduzione del 30%, salvo i casi esclusi dalla legge.',
    category: 'Polizia locale',
    taxonomyCode: '9/0102106SA/',
    amountRule: { kind: 'range', minCents: 100, maxCents: 1_000_000 },
    formDefinition: [
      {
        name: 'verbale',
        label: 'Numero del verbale',
        kind: 'text',
        required: true,
        pattern: '^[0-9]{1,8}/[0-9]{4}$',
        patternMessage: 'Scrivi il numero come sul verbale, per esempio 1234/2026',
      },
      { name: 'data_verbale', label: 'Data del verbale', kind: 'date', required: true },
      { name: 'targa', label: 'Targa del veicolo', kind: 'targa', required: true },
    ],
    causaleTemplate: 'Verbale CdS n. {verbale} del {data_verbale} - targa {targa}',
    payerInfo: 'Il trasgressore, il proprietario del veicolo o chiunque in loro vece.',
    allowAnonymous: true,
    sortOrder,
  };
}

export function sanzioniAmministrative(sortOrder: number): ServiceTemplate {
  return {
    code: 'sanzioni-amministrative',
    title: 'Sanzioni amministrative',
    summary: 'Violazioni di regolamenti e ordinanze diverse dal Codice della Strada.',
    description:
      'Sanzioni per violazioni di regolamenti comunali, ordinanze e norme ambientali accertate dalla Polizia Locale. Indica il numero del verbale notificato.',
    category: 'Polizia locale',
    taxonomyCode: '9/0102105SA/',
    amountRule: { kind: 'range', minCents: 2500, maxCents: 500_000 },
    formDefinition: [
      { name: 'verbale', label: 'Numero del verbale', kind: 'text', required: true, max: 20 },
      { name: 'data_verbale', label: 'Data del verbale', kind: 'date', required: true },
    ],
    causaleTemplate: 'Sanzione amministrativa - verbale {verbale} del {data_verbale}',
    payerInfo: "Il trasgressore o l'obbligato in solido.",
    sortOrder,
  };
}

export function lampadeVotive(sortOrder: number): ServiceTemplate {
  return {
    code: 'lampade-votive',
    title: 'Lampade votive',
    summary: "Canone annuale per l'illuminazione votiva nei cimiteri comunali.",
    description:
      "Il canone copre l'energia e la manutenzione della lampada votiva per l'anno solare. Indica il numero della posizione cimiteriale.",
    category: 'Servizi cimiteriali',
    taxonomyCode: '9/0114100TS/',
    amountRule: { kind: 'unit', unitCents: 1800, unitLabel: 'lampada', minQuantity: 1, maxQuantity: 10 },
    formDefinition: [
      { name: 'defunto', label: 'Nome e cognome del defunto', kind: 'text', required: true, max: 80 },
      {
        name: 'posizione',
        label: 'Posizione cimiteriale',
        kind: 'text',
        required: true,
        max: 20,
        help: 'Per esempio: Campo B, fila 3, n. 12.',
      },
    ],
    causaleTemplate: 'Lampade votive - {defunto} - {posizione}',
    payerInfo: 'Un familiare o chi ha in carico la concessione.',
    sortOrder,
  };
}

export function asiloNido(sortOrder: number): ServiceTemplate {
  return {
    code: 'asilo-nido',
    title: 'Asilo nido',
    summary: 'Retta mensile del nido comunale.',
    description:
      "La retta mensile è stabilita dall'Ufficio Scuola in base all'ISEE del nucleo familiare e comunicata all'iscrizione. Indica il mese e l'importo comunicato.",
    category: 'Scuola e servizi educativi',
    taxonomyCode: '9/0107106SP/',
    amountRule: { kind: 'range', minCents: 5000, maxCents: 65_000 },
    formDefinition: [...pupilFields, monthField],
    causaleTemplate: 'Asilo nido - {alunno} - {mese}',
    payerInfo: 'Un genitore o chi esercita la responsabilità genitoriale.',
    sortOrder,
  };
}

/** The catalogue of a Comune that runs its own school and police services. */
export function fullComuneCatalogue(prices: CataloguePrices): ServiceTemplate[] {
  return [
    tari(10),
    canoneUnico(20),
    mensa(30, prices),
    trasporto(40, prices),
    dirittiSegreteria(50),
    cartaIdentita(60),
    sanzioniCds(70),
    sanzioniAmministrative(80),
    lampadeVotive(90),
  ];
}

/** A Comune in an Unione: school transport and local police are run by the Unione. */
export function memberComuneCatalogue(prices: CataloguePrices): ServiceTemplate[] {
  return [tari(10), canoneUnico(20), mensa(30, prices), dirittiSegreteria(50), cartaIdentita(60), lampadeVotive(90)];
}
