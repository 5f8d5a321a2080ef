import type { Ente, Receipt, ReceiptSubject } from '@/db/schema';
import { romeDateAndTime } from '@/lib/format/rome-time';
import { sha256FromHex } from './digest';
import { documentNames } from './document-names';
import type { ConservazioneSettings } from './settings';
import { PORTAL_SOFTWARE, type SoftwareIdentity } from './software';
import { bool, el, serializeXml, type XmlElement } from './xml-builder';

/*
 * The Allegato 5 metadata of one receipt (reference conservazione.md §2), mapped from our data. Element
 * names and order are those of the table there, i.e. of the DAI XSD a conservatore (Unimatica) supplied;
 * the fixed strings (ModalitaDiFormazione, TipoRuolo, TipoRegistro) are copied from that XSD. The receipt
 * is a plain documento informatico (it can be registered in no register: «Nessuno» exists only for a DI),
 * so the root is `DocumentoInformatico`. Unverified (reference): the 2020 final wording of Allegato 5, and
 * whether Classificazione and Agg are mandatory for a DI — here they are written only when configured.
 */

/**
 * Mode (c) of the LG, exactly as the DAI XSD enumerates it, double spaces included (an enumeration matches
 * character by character). Unverified against the final 2020 text of the Linee Guida.
 */
export const MODALITA_DI_FORMAZIONE_C =
  'memorizzazione su supporto informatico in formato digitale delle informazioni risultanti da  transazioni o processi informatici o dalla presentazione telematica di dati attraverso moduli o formulari resi disponibili ad utente';

/** TipoRegistro's fixed value for a repertorio (the XSD writes a backslash). */
export const TIPO_REGISTRO_REPERTORIO = 'Repertorio\\Registro';

/** At most five keywords (ParoleChiave maxOccurs="5"). */
export const MAX_PAROLE_CHIAVE = 5;

export interface IdDoc {
  /** SHA-256 of the document, base64 (xs:base64Binary). */
  impronta: string;
  algoritmo: 'SHA-256';
  identificativo: string;
}

export type DatiDiRegistrazione =
  | {
      /** E: the receipt enters the Ente from outside (pagoPA). */
      tipologiaDiFlusso: 'E';
      tipoRegistro: 'Repertorio_Registro';
      data: string;
      ora: string;
      /** The receipt's sequence number in the Ente's hash chain: our register is the ledger. */
      numero: string;
      codiceRegistro: string;
    }
  | { tipologiaDiFlusso: 'E'; tipoRegistro: 'Nessuno'; data: string; ora: string; numero: string };

export interface CodiceIpa {
  denominazione: string;
  codiceIpa: string;
}

/** A public administration in IndicePA (PAI). */
export interface Pai {
  amministrazione: CodiceIpa;
  aoo: CodiceIpa;
  indirizziDigitali: string[];
}

/** A citizen (PF) or a company (PG), as pagoPA names them. */
export type Persona =
  | { tipo: 'PF'; cognome: string; nome: string; codiceFiscale?: string }
  | { tipo: 'PG'; denominazione: string; codiceFiscalePartitaIva?: string };

export type Soggetto =
  { ruolo: 'Autore'; pai: Pai } | { ruolo: 'Destinatario'; persona: Persona } | { ruolo: 'Produttore'; sistema: string };

export interface Allegato5Metadata {
  idDoc: IdDoc;
  modalitaDiFormazione: typeof MODALITA_DI_FORMAZIONE_C;
  tipologiaDocumentale: string;
  datiDiRegistrazione: DatiDiRegistrazione;
  soggetti: Soggetto[];
  chiaveDescrittiva: { oggetto: string; paroleChiave: string[] };
  allegati: { numeroAllegati: number; indiceAllegati: { idDoc: IdDoc; descrizione: string }[] };
  classificazione: { indice: string; descrizione: string; piano?: string } | null;
  riservato: boolean;
  identificativoDelFormato: { formato: 'XML' | 'JSON' };
  verifica: {
    firmatoDigitalmente: boolean;
    sigillatoElettronicamente: boolean;
    marcaturaTemporale: boolean;
    conformitaCopieImmagineSuSupportoInformatico: boolean;
  };
  agg: { tipoAggregazione: ConservazioneSettings['aggregazioni'][number]['tipo']; idAggregazione: string }[];
  nomeDelDocumento: string;
  versioneDelDocumento: string;
  tempoDiConservazione: number;
  note: string | null;
}

export type MetadataReceipt = Pick<
  Receipt,
  | 'id'
  | 'receiptId'
  | 'seq'
  | 'noticeNumber'
  | 'creditorReferenceId'
  | 'description'
  | 'debtor'
  | 'payer'
  | 'transfers'
  | 'paymentDateTime'
  | 'createdAt'
  | 'originalFormat'
  | 'originalSha256'
  | 'standIn'
>;

export type MetadataEnte = Pick<Ente, 'name' | 'ipaCode' | 'pec' | 'email'>;

export interface Allegato5Input {
  receipt: MetadataReceipt;
  ente: MetadataEnte;
  /** SHA-256 (hex) of the ricevuta PDF that goes with the receipt. */
  pdfSha256: string;
  settings: ConservazioneSettings;
  software?: SoftwareIdentity;
}

export class MetadataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetadataError';
  }
}

/** The CFType pattern of the XSD: a 16-character personal fiscal code (pagoPA also allows «ANONIMO»). */
const CODICE_FISCALE_PF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;
const PARTITA_IVA = /^\d{11}$/;

function persona(subject: ReceiptSubject): Persona {
  const code = subject.fiscalCode.trim().toUpperCase();
  if (subject.type === 'G') {
    return { tipo: 'PG', denominazione: subject.fullName, ...(PARTITA_IVA.test(code) ? { codiceFiscalePartitaIva: code } : {}) };
  }
  // pagoPA carries one fullName: splitting it into surname and name would be a guess (De Luca Maria?), so
  // the whole of it is the Cognome and Nome stays empty. Unverified whether a conservatore accepts that.
  return { tipo: 'PF', cognome: subject.fullName, nome: '', ...(CODICE_FISCALE_PF.test(code) ? { codiceFiscale: code } : {}) };
}

/** Payer and debtor as recipients, once each (they are usually the same person). */
function destinatari(receipt: MetadataReceipt): Soggetto[] {
  const out: Soggetto[] = [];
  const seen = new Set<string>();
  for (const subject of [receipt.debtor, receipt.payer]) {
    if (!subject || !subject.fullName.trim()) continue;
    const key = `${subject.type}:${subject.fiscalCode.trim().toUpperCase()}:${subject.fullName.trim()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ruolo: 'Destinatario', persona: persona(subject) });
  }
  return out;
}

function registrazione(receipt: MetadataReceipt, registro: string | null): DatiDiRegistrazione {
  if (registro) {
    // Registered when it entered the Ente's ledger, under its chain sequence number.
    const { date, time } = romeDateAndTime(receipt.createdAt);
    return {
      tipologiaDiFlusso: 'E',
      tipoRegistro: 'Repertorio_Registro',
      data: date,
      ora: time,
      numero: String(receipt.seq),
      codiceRegistro: registro,
    };
  }
  const { date, time } = romeDateAndTime(receipt.paymentDateTime);
  return { tipologiaDiFlusso: 'E', tipoRegistro: 'Nessuno', data: date, ora: time, numero: receipt.receiptId };
}

/** The Oggetto of the receipt: also the SIP's ProfiloUnitaDocumentaria/Oggetto. */
export function oggettoOf(receipt: Pick<Receipt, 'creditorReferenceId' | 'description'>): string {
  return `Ricevuta pagoPA IUV ${receipt.creditorReferenceId} - ${receipt.description}`;
}

function paroleChiave(receipt: MetadataReceipt): string[] {
  const first = receipt.transfers[0];
  const words = [
    'pagoPA',
    `IUV ${receipt.creditorReferenceId}`,
    `Codice avviso ${receipt.noticeNumber}`,
    `Ricevuta ${receipt.receiptId}`,
    first ? `Tassonomia ${first.transferCategory}` : null,
  ];
  return words.filter((w): w is string => w !== null).slice(0, MAX_PAROLE_CHIAVE);
}

function note(receipt: MetadataReceipt): string | null {
  return receipt.standIn ? 'Pagamento eseguito in modalità stand-in del Nodo pagoPA' : null;
}

/** Maps one receipt to its Allegato 5 metadata. Throws MetadataError when the data cannot make valid metadata. */
export function buildAllegato5Metadata(input: Allegato5Input): Allegato5Metadata {
  const { receipt, ente, settings } = input;
  if (!receipt.originalSha256 || (receipt.originalFormat !== 'xml' && receipt.originalFormat !== 'json')) {
    throw new MetadataError('La ricevuta non ha il documento originale: non può essere conservata');
  }
  const indirizzo = ente.pec ?? ente.email;
  if (!indirizzo) throw new MetadataError("L'Ente non ha un indirizzo PEC o e-mail: serve come indirizzo digitale di riferimento");
  const names = documentNames(receipt);
  const software = input.software ?? PORTAL_SOFTWARE;
  return {
    idDoc: { impronta: sha256FromHex(receipt.originalSha256).base64, algoritmo: 'SHA-256', identificativo: names.rtDocumentId },
    modalitaDiFormazione: MODALITA_DI_FORMAZIONE_C,
    tipologiaDocumentale: settings.tipologiaDocumentale,
    datiDiRegistrazione: registrazione(receipt, settings.registro),
    soggetti: [
      // The brief's reading: the Ente authors its receipts (the PSP issues the RT through the Node).
      {
        ruolo: 'Autore',
        pai: { amministrazione: { denominazione: ente.name, codiceIpa: ente.ipaCode }, aoo: settings.aoo, indirizziDigitali: [indirizzo] },
      },
      ...destinatari(receipt),
      { ruolo: 'Produttore', sistema: `${software.name} ${software.version}` },
    ],
    chiaveDescrittiva: { oggetto: oggettoOf(receipt), paroleChiave: paroleChiave(receipt) },
    allegati: {
      numeroAllegati: 1,
      indiceAllegati: [
        {
          idDoc: { impronta: sha256FromHex(input.pdfSha256).base64, algoritmo: 'SHA-256', identificativo: names.pdfDocumentId },
          descrizione: 'Ricevuta di pagamento in formato PDF',
        },
      ],
    },
    classificazione: settings.classificazione,
    riservato: settings.riservato,
    identificativoDelFormato: { formato: receipt.originalFormat === 'json' ? 'JSON' : 'XML' },
    // The RT is neither signed nor sealed nor time-stamped, and it is no image copy of a paper document.
    verifica: {
      firmatoDigitalmente: false,
      sigillatoElettronicamente: false,
      marcaturaTemporale: false,
      conformitaCopieImmagineSuSupportoInformatico: false,
    },
    agg: settings.aggregazioni.map((a) => ({ tipoAggregazione: a.tipo, idAggregazione: a.id })),
    nomeDelDocumento: names.rtFileName,
    versioneDelDocumento: '1',
    tempoDiConservazione: settings.retentionYears,
    note: note(receipt),
  };
}

const codiceIpa = (name: string, value: CodiceIpa) =>
  el(name, [el('Denominazione', value.denominazione), el('CodiceIPA', value.codiceIpa)]);

const idDocElement = (name: string, idDoc: IdDoc) =>
  el(name, [
    el('ImprontaCrittograficaDelDocumento', [el('Impronta', idDoc.impronta), el('Algoritmo', idDoc.algoritmo)]),
    el('Identificativo', idDoc.identificativo),
  ]);

function personaElement(p: Persona): XmlElement {
  return p.tipo === 'PF'
    ? el('PF', [el('Cognome', p.cognome), el('Nome', p.nome), p.codiceFiscale && el('CodiceFiscale', p.codiceFiscale)])
    : el('PG', [
        el('DenominazioneOrganizzazione', p.denominazione),
        p.codiceFiscalePartitaIva && el('CodiceFiscale_PartitaIva', p.codiceFiscalePartitaIva),
      ]);
}

function soggettoElement(s: Soggetto): XmlElement {
  switch (s.ruolo) {
    case 'Autore':
      return el('Autore', [
        el('TipoRuolo', 'Autore'),
        el('PAI', [
          codiceIpa('IPAAmm', s.pai.amministrazione),
          codiceIpa('IPAAOO', s.pai.aoo),
          s.pai.indirizziDigitali.map((i) => el('IndirizziDigitaliDiRiferimento', i)),
        ]),
      ]);
    case 'Destinatario':
      return el('Destinatario', [el('TipoRuolo', 'Destinatario'), personaElement(s.persona)]);
    case 'Produttore':
      return el('Produttore', [el('TipoRuolo', 'Produttore'), el('SW', el('DenominazioneSistema', s.sistema))]);
  }
}

function registrazioneElement(r: DatiDiRegistrazione): XmlElement {
  const tipo =
    r.tipoRegistro === 'Repertorio_Registro'
      ? el('Repertorio_Registro', [
          el('TipoRegistro', TIPO_REGISTRO_REPERTORIO),
          el('DataRegistrazioneDocumento', r.data),
          el('OraRegistrazioneDocumento', r.ora),
          el('NumeroRegistrazioneDocumento', r.numero),
          el('CodiceRegistro', r.codiceRegistro),
        ])
      : // The DI's «Nessuno» as the reference lists it; its inner TipoRegistro is unverified, so none is written.
        el('Nessuno', [el('DataDocumento', r.data), el('OraDocumento', r.ora), el('NumeroDocumento', r.numero)]);
  return el('DatiDiRegistrazione', [el('TipologiaDiFlusso', r.tipologiaDiFlusso), el('TipoRegistro', tipo)]);
}

/** The metadata as an element, in the table's order: the SIP embeds it in ProfiloNormativo. */
export function allegato5Element(m: Allegato5Metadata): XmlElement {
  return el('DocumentoInformatico', [
    idDocElement('IdDoc', m.idDoc),
    el('ModalitaDiFormazione', m.modalitaDiFormazione),
    el('TipologiaDocumentale', m.tipologiaDocumentale),
    registrazioneElement(m.datiDiRegistrazione),
    el(
      'Soggetti',
      m.soggetti.map((s) => el('Ruolo', soggettoElement(s))),
    ),
    el('ChiaveDescrittiva', [
      el('Oggetto', m.chiaveDescrittiva.oggetto),
      m.chiaveDescrittiva.paroleChiave.map((p) => el('ParoleChiave', p)),
    ]),
    el('Allegati', [
      el('NumeroAllegati', m.allegati.numeroAllegati),
      m.allegati.indiceAllegati.map((a) => el('IndiceAllegati', [idDocElement('IdDoc', a.idDoc), el('Descrizione', a.descrizione)])),
    ]),
    m.classificazione &&
      el('Classificazione', [
        el('IndiceDiClassificazione', m.classificazione.indice),
        el('Descrizione', m.classificazione.descrizione),
        m.classificazione.piano && el('PianoDiClassificazione', m.classificazione.piano),
      ]),
    el('Riservato', bool(m.riservato)),
    el('IdentificativoDelFormato', el('Formato', m.identificativoDelFormato.formato)),
    el('Verifica', [
      el('FirmatoDigitalmente', bool(m.verifica.firmatoDigitalmente)),
      el('SigillatoElettronicamente', bool(m.verifica.sigillatoElettronicamente)),
      el('MarcaturaTemporale', bool(m.verifica.marcaturaTemporale)),
      el('ConformitaCopieImmagineSuSupportoInformatico', bool(m.verifica.conformitaCopieImmagineSuSupportoInformatico)),
    ]),
    m.agg.length > 0 &&
      el(
        'Agg',
        m.agg.map((a) => el('TipoAgg', [el('TipoAggregazione', a.tipoAggregazione), el('IdAggregazione', a.idAggregazione)])),
      ),
    el('NomeDelDocumento', m.nomeDelDocumento),
    el('VersioneDelDocumento', m.versioneDelDocumento),
    el('TempoDiConservazione', m.tempoDiConservazione),
    m.note && el('Note', m.note),
  ]);
}

/** The metadata as a standalone XML document (the SInCRO export's metadata file). */
export function serializeAllegato5(m: Allegato5Metadata): string {
  return serializeXml(allegato5Element(m));
}
