import { DOMParser, type Element } from '@xmldom/xmldom';
import {
  buildAllegato5Metadata,
  MetadataError,
  MODALITA_DI_FORMAZIONE_C,
  serializeAllegato5,
  type Allegato5Input,
  type MetadataReceipt,
} from '@/lib/conservazione/metadata';
import { conservazioneSettingsSchema, DEFAULT_RETENTION_YEARS, type ConservazioneSettingsInput } from '@/lib/conservazione/settings';
import { PORTAL_SOFTWARE } from '@/lib/conservazione/software';
import {
  SAMPLE_PDF,
  SAMPLE_RT,
  sampleEnte as ente,
  sampleReceipt as receipt,
  sampleSettingsInput as baseSettings,
  sha256Base64,
  sha256Hex,
} from '../support/conservazione';

/*
 * Allegato 5 metadata of a receipt (reference conservazione.md §2): one test per field of the table, then
 * the serializer's order and escaping, then the settings' validation.
 */

const base64 = sha256Base64;
const RT = SAMPLE_RT;
const PDF = SAMPLE_PDF;

function input(
  overrides: { receipt?: Partial<MetadataReceipt>; settings?: Partial<ConservazioneSettingsInput>; ente?: Partial<typeof ente> } = {},
): Allegato5Input {
  return {
    receipt: receipt(overrides.receipt),
    ente: { ...ente, ...overrides.ente },
    pdfSha256: sha256Hex(PDF),
    settings: conservazioneSettingsSchema.parse({ ...baseSettings, ...overrides.settings }),
  };
}

const metadata = (overrides?: Parameters<typeof input>[0]) => buildAllegato5Metadata(input(overrides));

function xmlRoot(overrides?: Parameters<typeof input>[0]): Element {
  // Errors only: xmldom warns about U+FFFD, which is how the builder replaces what XML cannot carry.
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`${level}: ${message}`);
    },
  }).parseFromString(serializeAllegato5(metadata(overrides)), 'text/xml');
  return doc.documentElement!;
}

function kids(el: Element | undefined, name?: string): Element[] {
  const out: Element[] = [];
  for (let n = el?.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (!name || n.nodeName === name)) out.push(n as Element);
  return out;
}

const at = (el: Element | undefined, ...names: string[]) => names.reduce<Element | undefined>((cur, name) => kids(cur, name)[0], el);
const textAt = (el: Element | undefined, ...names: string[]) => at(el, ...names)?.textContent ?? undefined;

describe('Allegato 5 metadata: one test per field', () => {
  it('IdDoc: the SHA-256 of the original receipt in base64, algorithm SHA-256, the document id', () => {
    expect(metadata().idDoc).toEqual({
      impronta: base64(RT),
      algoritmo: 'SHA-256',
      identificativo: 'RT-0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a',
    });
    const root = xmlRoot();
    expect(textAt(root, 'IdDoc', 'ImprontaCrittograficaDelDocumento', 'Impronta')).toBe(base64(RT));
    expect(textAt(root, 'IdDoc', 'ImprontaCrittograficaDelDocumento', 'Algoritmo')).toBe('SHA-256');
    expect(textAt(root, 'IdDoc', 'Identificativo')).toBe('RT-0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a');
  });

  it('ModalitaDiFormazione: mode (c), the exact string of the DAI XSD (double spaces included)', () => {
    expect(metadata().modalitaDiFormazione).toBe(MODALITA_DI_FORMAZIONE_C);
    expect(MODALITA_DI_FORMAZIONE_C).toMatch(
      /^memorizzazione su supporto informatico .* da {2}transazioni o processi informatici .*resi disponibili ad utente$/,
    );
    expect(textAt(xmlRoot(), 'ModalitaDiFormazione')).toBe(MODALITA_DI_FORMAZIONE_C);
  });

  it('TipologiaDocumentale: «Ricevuta di pagamento pagoPA» unless the Ente configures another', () => {
    expect(metadata().tipologiaDocumentale).toBe('Ricevuta di pagamento pagoPA');
    expect(textAt(xmlRoot({ settings: { tipologiaDocumentale: 'Quietanza pagoPA' } }), 'TipologiaDocumentale')).toBe('Quietanza pagoPA');
  });

  it('DatiDiRegistrazione: Repertorio_Registro with the ledger date, time and sequence when a registro is configured, else Nessuno', () => {
    const repertorio = at(xmlRoot(), 'DatiDiRegistrazione');
    expect(textAt(repertorio, 'TipologiaDiFlusso')).toBe('E');
    const r = at(repertorio, 'TipoRegistro', 'Repertorio_Registro');
    expect(kids(r).map((e) => [e.nodeName, e.textContent])).toEqual([
      ['TipoRegistro', 'Repertorio\\Registro'],
      ['DataRegistrazioneDocumento', '2026-07-14'],
      ['OraRegistrazioneDocumento', '10:30:07'],
      ['NumeroRegistrazioneDocumento', '42'],
      ['CodiceRegistro', 'RT_PAGOPA'],
    ]);

    const nessuno = at(xmlRoot({ settings: { registro: null } }), 'DatiDiRegistrazione', 'TipoRegistro', 'Nessuno');
    expect(kids(nessuno).map((e) => [e.nodeName, e.textContent])).toEqual([
      ['DataDocumento', '2026-07-14'],
      ['OraDocumento', '10:30:05'],
      ['NumeroDocumento', 'c3f1e2d4a5b6978812345678abcdef01'],
    ]);
  });

  it('Soggetti: the Ente as author (PAI with AOO and PEC), payer and debtor as recipients once each, the software as producer', () => {
    const ruoli = kids(at(xmlRoot(), 'Soggetti'), 'Ruolo').map((r) => kids(r)[0]!);
    expect(ruoli.map((r) => r.nodeName)).toEqual(['Autore', 'Destinatario', 'Produttore']);
    const [autore, destinatario, produttore] = ruoli;
    expect(textAt(autore, 'TipoRuolo')).toBe('Autore');
    expect(textAt(autore, 'PAI', 'IPAAmm', 'CodiceIPA')).toBe('c_v001');
    expect(textAt(autore, 'PAI', 'IPAAmm', 'Denominazione')).toBe('Comune di Valmora');
    expect(textAt(autore, 'PAI', 'IPAAOO', 'CodiceIPA')).toBe('A1B2C3');
    expect(textAt(autore, 'PAI', 'IndirizziDigitaliDiRiferimento')).toBe('protocollo@pec.comune.valmora.it');
    expect(textAt(destinatario, 'PF', 'Cognome')).toBe('Mario Rossi');
    expect(textAt(destinatario, 'PF', 'Nome')).toBe('');
    expect(textAt(destinatario, 'PF', 'CodiceFiscale')).toBe('RSSMRA80A01H501U');
    expect(textAt(produttore, 'SW', 'DenominazioneSistema')).toBe(`${PORTAL_SOFTWARE.name} ${PORTAL_SOFTWARE.version}`);

    // A company pays a citizen's debt: two recipients, the company as PG with its VAT number.
    const company = { type: 'G' as const, fiscalCode: '01234567890', fullName: 'Edilizia Valmora S.r.l.' };
    const two = metadata({ receipt: { payer: company } }).soggetti.filter((s) => s.ruolo === 'Destinatario');
    expect(two).toEqual([
      { ruolo: 'Destinatario', persona: { tipo: 'PF', cognome: 'Mario Rossi', nome: '', codiceFiscale: 'RSSMRA80A01H501U' } },
      { ruolo: 'Destinatario', persona: { tipo: 'PG', denominazione: 'Edilizia Valmora S.r.l.', codiceFiscalePartitaIva: '01234567890' } },
    ]);
    // Unknown payer and debtor: no recipient. An anonymous debtor has no fiscal code in the metadata.
    expect(metadata({ receipt: { payer: null, debtor: null } }).soggetti.map((s) => s.ruolo)).toEqual(['Autore', 'Produttore']);
    const anonimo = metadata({ receipt: { payer: null, debtor: { type: 'F', fiscalCode: 'ANONIMO', fullName: 'Cittadino' } } });
    expect(anonimo.soggetti[1]).toEqual({ ruolo: 'Destinatario', persona: { tipo: 'PF', cognome: 'Cittadino', nome: '' } });
    // Without a PEC the Ente's e-mail is the digital address; with neither, no metadata.
    expect(metadata({ ente: { pec: null } }).soggetti[0]).toMatchObject({ pai: { indirizziDigitali: ['info@comune.valmora.it'] } });
    expect(() => metadata({ ente: { pec: null, email: null } })).toThrow(MetadataError);
  });

  it('ChiaveDescrittiva: the Oggetto names IUV and causale, at most five keywords', () => {
    const chiave = metadata().chiaveDescrittiva;
    expect(chiave.oggetto).toBe('Ricevuta pagoPA IUV 01000000000000144 - TARI 2026 - rata unica');
    expect(chiave.paroleChiave).toEqual([
      'pagoPA',
      'IUV 01000000000000144',
      'Codice avviso 301000000000000144',
      'Ricevuta c3f1e2d4a5b6978812345678abcdef01',
      'Tassonomia 9/0101101IM/',
    ]);
    expect(kids(at(xmlRoot(), 'ChiaveDescrittiva'), 'ParoleChiave').length).toBeLessThanOrEqual(5);
    expect(metadata({ receipt: { transfers: [] } }).chiaveDescrittiva.paroleChiave).toHaveLength(4);
  });

  it('Allegati: one, the PDF, with its own SHA-256 and id', () => {
    const allegati = at(xmlRoot(), 'Allegati');
    expect(textAt(allegati, 'NumeroAllegati')).toBe('1');
    const indice = kids(allegati, 'IndiceAllegati');
    expect(indice).toHaveLength(1);
    expect(textAt(indice[0], 'IdDoc', 'ImprontaCrittograficaDelDocumento', 'Impronta')).toBe(base64(PDF));
    expect(textAt(indice[0], 'IdDoc', 'Identificativo')).toBe('PDF-0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a');
    expect(textAt(indice[0], 'Descrizione')).toBe('Ricevuta di pagamento in formato PDF');
  });

  it('Classificazione: written only when configured, with the optional plan', () => {
    expect(at(xmlRoot(), 'Classificazione')).toBeUndefined();
    const c = at(
      xmlRoot({ settings: { classificazione: { indice: '4.3', descrizione: 'Entrate', piano: 'Titolario 2024' } } }),
      'Classificazione',
    );
    expect(kids(c).map((e) => [e.nodeName, e.textContent])).toEqual([
      ['IndiceDiClassificazione', '4.3'],
      ['Descrizione', 'Entrate'],
      ['PianoDiClassificazione', 'Titolario 2024'],
    ]);
  });

  it('Riservato: false by default, true when the Ente says so', () => {
    expect(textAt(xmlRoot(), 'Riservato')).toBe('false');
    expect(textAt(xmlRoot({ settings: { riservato: true } }), 'Riservato')).toBe('true');
  });

  it('IdentificativoDelFormato: XML or JSON, as the partner delivered the receipt', () => {
    expect(textAt(xmlRoot(), 'IdentificativoDelFormato', 'Formato')).toBe('XML');
    expect(metadata({ receipt: { originalFormat: 'json' } }).identificativoDelFormato).toEqual({ formato: 'JSON' });
  });

  it('Verifica: not signed, not sealed, no time stamp, no image copy', () => {
    expect(kids(at(xmlRoot(), 'Verifica')).map((e) => [e.nodeName, e.textContent])).toEqual([
      ['FirmatoDigitalmente', 'false'],
      ['SigillatoElettronicamente', 'false'],
      ['MarcaturaTemporale', 'false'],
      ['ConformitaCopieImmagineSuSupportoInformatico', 'false'],
    ]);
  });

  it('Agg: written only when aggregations are configured', () => {
    expect(at(xmlRoot(), 'Agg')).toBeUndefined();
    const agg = at(xmlRoot({ settings: { aggregazioni: [{ tipo: 'Serie Documentale', id: 'RICEVUTE-2026' }] } }), 'Agg');
    expect(kids(agg, 'TipoAgg').map((t) => [textAt(t, 'TipoAggregazione'), textAt(t, 'IdAggregazione')])).toEqual([
      ['Serie Documentale', 'RICEVUTE-2026'],
    ]);
  });

  it('NomeDelDocumento: the file name of the original, by row id and format', () => {
    expect(textAt(xmlRoot(), 'NomeDelDocumento')).toBe('RT-0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a.xml');
    expect(metadata({ receipt: { originalFormat: 'json' } }).nomeDelDocumento).toBe('RT-0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a.json');
  });

  it('VersioneDelDocumento: 1 (a receipt is never revised)', () => {
    expect(textAt(xmlRoot(), 'VersioneDelDocumento')).toBe('1');
  });

  it('TempoDiConservazione: the Ente’s retention in years', () => {
    expect(textAt(xmlRoot({ settings: { retentionYears: 15 } }), 'TempoDiConservazione')).toBe('15');
    expect(DEFAULT_RETENTION_YEARS).toBe(10);
  });

  it('Note: only for a stand-in payment', () => {
    expect(at(xmlRoot(), 'Note')).toBeUndefined();
    expect(textAt(xmlRoot({ receipt: { standIn: true } }), 'Note')).toBe('Pagamento eseguito in modalità stand-in del Nodo pagoPA');
  });
});

describe('Allegato 5 metadata: document and refusals', () => {
  it('serialises every field in the order of the reference table, under DocumentoInformatico', () => {
    const root = xmlRoot({
      receipt: { standIn: true },
      settings: { classificazione: { indice: '4.3', descrizione: 'Entrate' }, aggregazioni: [{ tipo: 'Fascicolo', id: 'F-1' }] },
    });
    expect(root.nodeName).toBe('DocumentoInformatico');
    expect(root.namespaceURI).toBeNull();
    expect(kids(root).map((e) => e.nodeName)).toEqual([
      'IdDoc',
      'ModalitaDiFormazione',
      'TipologiaDocumentale',
      'DatiDiRegistrazione',
      'Soggetti',
      'ChiaveDescrittiva',
      'Allegati',
      'Classificazione',
      'Riservato',
      'IdentificativoDelFormato',
      'Verifica',
      'Agg',
      'NomeDelDocumento',
      'VersioneDelDocumento',
      'TempoDiConservazione',
      'Note',
    ]);
  });

  it('escapes markup and replaces what XML cannot carry (NUL, control characters) in partner and citizen text', () => {
    const hostile = { type: 'F' as const, fiscalCode: 'RSSMRA80A01H501U', fullName: 'Mario </Cognome><x>&amp; "Rossi"\u0000\u0007' };
    const xml = serializeAllegato5(metadata({ receipt: { payer: hostile, debtor: null, description: ']]> <!-- & -->' } }));
    expect(xml).not.toContain('\u0000');
    const root = xmlRoot({ receipt: { payer: hostile, debtor: null, description: ']]> <!-- & -->' } });
    expect(textAt(kids(at(root, 'Soggetti'), 'Ruolo')[1], 'Destinatario', 'PF', 'Cognome')).toBe(
      'Mario </Cognome><x>&amp; "Rossi"\uFFFD\uFFFD',
    );
    expect(textAt(root, 'ChiaveDescrittiva', 'Oggetto')).toBe('Ricevuta pagoPA IUV 01000000000000144 - ]]> <!-- & -->');
  });

  it('refuses a receipt without its original document, or with a broken digest', () => {
    expect(() => metadata({ receipt: { originalSha256: null } })).toThrow('non ha il documento originale');
    expect(() => metadata({ receipt: { originalFormat: null } })).toThrow(MetadataError);
    expect(() => metadata({ receipt: { originalSha256: 'zz' } })).toThrow('impronta SHA-256 non valida');
  });
});

describe('conservazione settings', () => {
  const parse = (value: unknown) => conservazioneSettingsSchema.safeParse(value);
  const messages = (value: unknown) => {
    const result = parse(value);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it('fills the defaults', () => {
    expect(conservazioneSettingsSchema.parse(baseSettings)).toEqual({
      ...baseSettings,
      tipologiaDocumentale: 'Ricevuta di pagamento pagoPA',
      classificazione: null,
      aggregazioni: [],
      riservato: false,
    });
  });

  it('refuses an array where a string goes, a NUL byte, huge text and a registro outside the XSD pattern, in Italian', () => {
    expect(messages({ ...baseSettings, registro: ['RT_PAGOPA'] })).toEqual(['Indica il codice del registro']);
    expect(messages({ ...baseSettings, tipologiaDocumentale: 'Ricevuta\u0000' })).toEqual(['Il testo contiene caratteri non ammessi']);
    expect(messages({ ...baseSettings, aoo: { codiceIpa: 'A'.repeat(100_000), denominazione: 'AOO' } })).toEqual([
      'Al massimo 16 caratteri',
    ]);
    expect(messages({ ...baseSettings, registro: 'RT PAGOPA' })).toEqual([
      'Il codice del registro ha da 1 a 16 caratteri tra lettere, cifre, «_», «.» e «-»',
    ]);
    expect(messages({ ...baseSettings, retentionYears: 0 })).toEqual(['Almeno 1 anno']);
    expect(messages({ ...baseSettings, retentionYears: '10' })).toEqual(['Indica per quanti anni conservare le ricevute']);
    expect(messages({ ...baseSettings, aggregazioni: [{ tipo: 'Cartella', id: 'x' }] })).toEqual(['Tipo di aggregazione non valido']);
    expect(messages({ ...baseSettings, aoo: undefined })).toEqual(["Indica l'Area Organizzativa Omogenea dell'Ente"]);
  });
});
