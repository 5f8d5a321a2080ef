import type { ConservatoreKind } from './config-schema';
import { MODALITA_DI_FORMAZIONE_C } from './metadata';
import type { ConservazioneSettings } from './settings';

/*
 * What an Ente must publish of its manuale di conservazione even when it outsources it (reference
 * conservazione.md §1: document types, metadata, versamento timing, transmission of the PdV, scarto), built
 * from its configuration only: the public page is cached, so nothing here may depend on the time or on a
 * visitor. Credentials and ParER's account names are never part of it.
 */

/** An Ente's conservazione as the public page may show it. */
export interface PublishedConservazione {
  conservatore: ConservatoreKind;
  enabled: boolean;
  /** Null while no conservatore is chosen. */
  settings: ConservazioneSettings | null;
}

export interface ManualMetadataRow {
  element: string;
  meaning: string;
  value: string;
}

/** The Allegato 5 metadata every receipt carries, in the order of the table, with the value this Ente gives it. */
export function publishedMetadata(settings: ConservazioneSettings): ManualMetadataRow[] {
  const rows: (ManualMetadataRow | null)[] = [
    { element: 'IdDoc', meaning: 'Identificativo e impronta del documento', value: 'RT-<identificativo della ricevuta>, impronta SHA-256' },
    { element: 'ModalitaDiFormazione', meaning: 'Modalità di formazione', value: `(c) ${MODALITA_DI_FORMAZIONE_C.replace(/ {2,}/g, ' ')}` },
    { element: 'TipologiaDocumentale', meaning: 'Tipologia documentale', value: settings.tipologiaDocumentale },
    {
      element: 'DatiDiRegistrazione',
      meaning: 'Dati di registrazione',
      value: settings.registro
        ? `In entrata, repertorio «${settings.registro}»: numero nella catena delle ricevute dell’Ente, data e ora di registrazione`
        : 'In entrata, nessun registro: identificativo della ricevuta, data e ora del pagamento',
    },
    {
      element: 'Soggetti',
      meaning: 'Soggetti',
      value: `Autore: l’Ente (AOO ${settings.aoo.denominazione}, codice ${settings.aoo.codiceIpa}); destinatari: debitore e pagatore; produttore: il software del portale`,
    },
    {
      element: 'ChiaveDescrittiva',
      meaning: 'Oggetto e parole chiave',
      value: 'Ricevuta pagoPA IUV e causale; pagoPA, IUV, codice avviso, identificativo, tassonomia',
    },
    { element: 'Allegati', meaning: 'Allegati', value: '1: la ricevuta in PDF/A-2b, con la sua impronta SHA-256' },
    settings.classificazione
      ? {
          element: 'Classificazione',
          meaning: 'Classificazione',
          value: `${settings.classificazione.indice} - ${settings.classificazione.descrizione}${settings.classificazione.piano ? ` (${settings.classificazione.piano})` : ''}`,
        }
      : null,
    { element: 'Riservato', meaning: 'Documento riservato', value: settings.riservato ? 'Sì' : 'No' },
    { element: 'IdentificativoDelFormato', meaning: 'Formato', value: 'XML o JSON, come la ricevuta è arrivata da pagoPA' },
    {
      element: 'Verifica',
      meaning: 'Firma, sigillo, marca temporale, copia immagine',
      value: 'No: la ricevuta non è firmata né sigillata',
    },
    settings.aggregazioni.length > 0
      ? { element: 'Agg', meaning: 'Aggregazioni', value: settings.aggregazioni.map((a) => `${a.tipo} ${a.id}`).join('; ') }
      : null,
    { element: 'NomeDelDocumento', meaning: 'Nome del documento', value: 'RT-<identificativo>.xml oppure .json' },
    { element: 'VersioneDelDocumento', meaning: 'Versione', value: '1' },
    { element: 'TempoDiConservazione', meaning: 'Tempo di conservazione', value: yearsText(settings.retentionYears) },
    { element: 'Note', meaning: 'Note', value: 'Solo per i pagamenti eseguiti in modalità stand-in del Nodo pagoPA' },
  ];
  return rows.filter((r): r is ManualMetadataRow => r !== null);
}

export function yearsText(years: number): string {
  return years === 1 ? '1 anno' : `${years.toLocaleString('it-IT')} anni`;
}
