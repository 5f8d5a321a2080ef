import { normalizeForSearch } from './search';

/**
 * pagoPA's taxonomy of collections ("dati specifici di incasso") for tipo ente 01 (Comuni, Unioni di
 * comuni, Consorzi). Only the rows recorded in the project's reference notes (`reference/pagopa.md` §5
 * and §9, taken from pagoPA's 2023-10 taxonomy file and the SANP pages) are here: it is not the full
 * official list, which lives at https://api.platform.pagopa.it/taxonomy/service/v1/taxonomy.
 */
export interface TaxonomyEntry {
  code: string;
  macroArea: string;
  service: string;
}

export const TAXONOMY_TIPO_ENTE_01: readonly TaxonomyEntry[] = [
  { code: '9/0101100IM/', macroArea: 'Tributi', service: 'Rendite catastali (ICI, IMU, TUC, ecc.)' },
  { code: '9/0101101IM/', macroArea: 'Tributi', service: 'Anno in corso - Tasse sui rifiuti (TARI, TIA, TARSU, TARES, ecc.)' },
  { code: '9/0101109IM/', macroArea: 'Tributi', service: 'Anni precedenti - Tasse sui rifiuti (TARI, TIA, TARSU, TARES, ecc.)' },
  { code: '9/0101102TS/', macroArea: 'Tributi', service: 'COSAP/TOSAP' },
  { code: '9/0101107TS/', macroArea: 'Tributi', service: 'Canone Unico Patrimoniale' },
  { code: '9/0101106SA/', macroArea: 'Tributi', service: 'Sanzioni amministrative' },
  {
    code: '9/0102106SA/',
    macroArea: 'Corpo di polizia locale',
    service: 'Avvisi di accertamento violazione del Codice della Strada',
  },
  { code: '9/0102105SA/', macroArea: 'Corpo di polizia locale', service: 'Sanzioni diverse dal Codice della Strada' },
  { code: '9/0103100TS/', macroArea: 'Ragioneria generale', service: 'Diritti di segreteria e spese di notifica' },
  {
    code: '9/0104103SP/',
    macroArea: 'Demografici, elettorali e statistici',
    service: 'Diritti di segreteria per certificati anagrafici',
  },
  { code: '9/0104100TS/', macroArea: 'Demografici, elettorali e statistici', service: "Emissione carta d'identità elettronica" },
  { code: '9/0105107TS/', macroArea: 'Edilizia (SUAP/SUE)', service: 'Diritti per pratiche edilizie (SUAP/SUE)' },
  { code: '9/0105109AP/', macroArea: 'Edilizia (SUAP/SUE)', service: 'Certificato di destinazione urbanistica (CDU)' },
  { code: '9/0107100TS/', macroArea: 'Politiche educative, giovanili e del lavoro', service: 'Rette scolastiche' },
  { code: '9/0107101TS/', macroArea: 'Politiche educative, giovanili e del lavoro', service: 'Mense scolastiche' },
  { code: '9/0107102SP/', macroArea: 'Politiche educative, giovanili e del lavoro', service: 'Trasporto scolastico' },
  { code: '9/0107106SP/', macroArea: 'Politiche educative, giovanili e del lavoro', service: 'Nido' },
  { code: '9/0114100TS/', macroArea: 'Patrimonio', service: 'Oneri cimiteriali e lampade votive' },
];

const BY_CODE = new Map(TAXONOMY_TIPO_ENTE_01.map((e) => [e.code, e]));

export function findTaxonomyEntry(code: string): TaxonomyEntry | undefined {
  return BY_CODE.get(code);
}

/** Every word of the query must appear in the code, macro area or service ("mensa" finds `9/0107101TS/`). */
export function searchTaxonomy(query: string): TaxonomyEntry[] {
  const words = normalizeForSearch(query).split(/\s+/).filter(Boolean);
  return TAXONOMY_TIPO_ENTE_01.filter((e) => {
    const haystack = normalizeForSearch(`${e.code} ${e.macroArea} ${e.service}`);
    return words.every((w) => haystack.includes(w));
  });
}

/**
 * SANP's format of a taxonomy code: prefix `9/`, `8/`, `7/` or `6/`, 2-digit tipo ente, 2-digit macro area,
 * 3-digit service, the legal reason (IM, TS, SP, SA, AP) and a closing slash, e.g. `9/0201102IM/`. Any
 * tipo ente: another beneficiary's share (the Province's TEFA) carries its own.
 */
export const TAXONOMY_CODE_PATTERN = /^[6-9]\/\d{7}(IM|TS|SP|SA|AP)\/$/;

export function isValidTaxonomyCode(code: string): boolean {
  return TAXONOMY_CODE_PATTERN.test(code);
}

export const TAXONOMY_FORMAT_MESSAGE =
  'Codice tassonomia non valido: prefisso 9/, 8/, 7/ o 6/, sette cifre, motivo IM, TS, SP, SA o AP e la barra finale (es. 9/0101101IM/)';

/** TARI (tassa sui rifiuti): pagoPA wants one code for the current year and another for previous years. */
export const TARI_CURRENT_YEAR = '9/0101101IM/';
export const TARI_PREVIOUS_YEARS = '9/0101109IM/';

/** A service is TARI when its taxonomy is either TARI code: its positions then take the code of their reference year. */
export function isTariCode(code: string): boolean {
  return code === TARI_CURRENT_YEAR || code === TARI_PREVIOUS_YEARS;
}

/** The TARI code for a debt of `referenceYear` issued in `currentYear` (a future year counts as current). */
export function tariCodeFor(referenceYear: number, currentYear: number): string {
  return referenceYear < currentYear ? TARI_PREVIOUS_YEARS : TARI_CURRENT_YEAR;
}
