import { buildVersamentoPackage } from '@/lib/conservazione/package';
import { multipartBody } from '@/lib/conservazione/parer/multipart';
import { classifyErrorCode, parseEsitoVersamento } from '@/lib/conservazione/parer/response-parser';
import { buildSip } from '@/lib/conservazione/parer/sip-builder';
import { escapeXml } from '@/lib/auth/saml/xml-text';
import {
  parerSettings,
  SAMPLE_PDF,
  sampleEnte,
  sampleReceipt,
  sampleSettings,
  sha256Hex,
  SIP_XSD,
  xmllintValidate,
  type SampleReceipt,
} from '../support/conservazione';

/*
 * The SacER SIP against our own XSD (lib/conservazione/parer/sip.xsd, validated with xmllint), the
 * multipart body's order, and the reading of EsitoVersamento answers. The HTTP exchange itself is tested
 * against the SacER mock in tests/integration/conservazione-parer.test.ts.
 */

const settings = parerSettings('https://sacer.example.it');

function sipFor(receipt: Partial<SampleReceipt> = {}, metadataSettings = sampleSettings()) {
  const pkg = buildVersamentoPackage({ receipt: sampleReceipt(receipt), ente: sampleEnte, pdf: SAMPLE_PDF, settings: metadataSettings });
  return { pkg, sip: buildSip(pkg, settings, pkg.key.registro ?? 'RT_PAGOPA') };
}

const company = { type: 'G' as const, fiscalCode: '01234567890', fullName: 'Edilizia Valmora S.r.l.' };
const jsonRt = Buffer.from('{"receiptId":"c3f1","outcome":"OK"}', 'utf8');

describe('SacER SIP against our XSD', () => {
  const variants: [string, () => string][] = [
    ['an XML receipt, payer = debtor', () => sipFor().sip],
    ['a JSON receipt', () => sipFor({ originalDocument: jsonRt, originalFormat: 'json', originalSha256: sha256Hex(jsonRt) }).sip],
    ['a company paying for a citizen, stand-in', () => sipFor({ payer: company, standIn: true }).sip],
    ['no payer nor debtor known', () => sipFor({ payer: null, debtor: null, transfers: [] }).sip],
    [
      'classification, aggregations, reserved',
      () =>
        sipFor(
          {},
          sampleSettings({
            classificazione: { indice: '4.3', descrizione: 'Entrate', piano: 'Titolario' },
            aggregazioni: [{ tipo: 'Serie Documentale', id: 'RICEVUTE-2026' }],
            riservato: true,
          }),
        ).sip,
    ],
    ['no registro in the metadata (Nessuno)', () => sipFor({}, sampleSettings({ registro: null })).sip],
    [
      'hostile text: markup, NUL and control bytes, a very long causale',
      () =>
        sipFor({
          description: `</Oggetto><Oggetto>&\u0000\u001b${'x'.repeat(5_000)}`,
          payer: { type: 'F', fiscalCode: 'RSSMRA80A01H501U', fullName: ']]><!DOCTYPE x [<!ENTITY e "boom">]>&e;' },
          receiptId: '<Numero>9</Numero>'.repeat(50),
        }).sip,
    ],
  ];

  it.each(variants)('validates: %s', (_name, build) => {
    const result = xmllintValidate(build(), SIP_XSD);
    expect(result.output).toContain('validates');
    expect(result.ok).toBe(true);
  });

  it('is not a schema that accepts anything: a SIP without HashVersato, or with the parts swapped, fails it', () => {
    const { sip } = sipFor();
    expect(xmllintValidate(sip.replace(/<HashVersato>[0-9a-f]+<\/HashVersato>/, ''), SIP_XSD).ok).toBe(false);
    const swapped = sip.replace(/(<Configurazione>.*<\/Configurazione>)(<ProfiloUnitaDocumentaria>.*<\/ProfiloUnitaDocumentaria>)/, '$2$1');
    expect(swapped).not.toBe(sip);
    expect(xmllintValidate(swapped, SIP_XSD).ok).toBe(false);
  });

  it('follows the reference skeleton: key, tipologia inside Intestazione, the RT as main document, the PDF as the one attachment', () => {
    const { pkg, sip } = sipFor();
    expect(sip).toContain(
      '<Intestazione><Versione>1.5</Versione><Versatore><Ambiente>PARER_TEST</Ambiente><Ente>Comune di Valmora</Ente>' +
        '<Struttura>RICEVUTE_PAGOPA</Struttura><UserID>ws_portale</UserID></Versatore>' +
        '<Chiave><Numero>0b7c5e0e-3f7a-4c1e-9d6b-2a1f0c9e8d7a</Numero><Anno>2026</Anno><TipoRegistro>RT_PAGOPA</TipoRegistro></Chiave>' +
        '<TipologiaUnitaDocumentaria>RICEVUTA PAGOPA</TipologiaUnitaDocumentaria></Intestazione>',
    );
    expect(sip).toContain(
      '<Configurazione><ForzaAccettazione>false</ForzaAccettazione><ForzaConservazione>false</ForzaConservazione></Configurazione>',
    );
    expect(sip).toContain(
      '<ProfiloUnitaDocumentaria><Oggetto>Ricevuta pagoPA IUV 01000000000000144 - TARI 2026 - rata unica</Oggetto><Data>2026-07-14</Data>',
    );
    expect(sip).toContain('<ProfiloNormativo versione="1.0"><DocumentoInformatico><IdDoc>');
    expect(sip).toContain(
      `<DocumentoPrincipale><IDDocumento>RT-${pkg.receiptRowId}</IDDocumento><TipoDocumento>RICEVUTA TELEMATICA</TipoDocumento>` +
        '<StrutturaOriginale><Componenti><Componente><ID>rt</ID><OrdinePresentazione>1</OrdinePresentazione><TipoComponente>Contenuto</TipoComponente>' +
        `<TipoSupportoComponente>FILE</TipoSupportoComponente><NomeComponente>RT-${pkg.receiptRowId}.xml</NomeComponente>` +
        `<HashVersato>${pkg.principale.sha256}</HashVersato></Componente></Componenti></StrutturaOriginale></DocumentoPrincipale>`,
    );
    expect(sip).toContain(`<NumeroAllegati>1</NumeroAllegati>`);
    expect(sip).toContain(
      `<Allegati><Allegato><IDDocumento>PDF-${pkg.receiptRowId}</IDDocumento><TipoDocumento>RICEVUTA PDF</TipoDocumento>`,
    );
    expect(sip).toContain(`<ID>pdf</ID>`);
    expect(pkg.allegato.sha256).toBe(sha256Hex(SAMPLE_PDF));
  });

  it('refuses to package a receipt whose stored digest does not match its bytes', () => {
    expect(() => sipFor({ originalSha256: sha256Hex('altro') })).toThrow('ricevuta alterata');
    expect(() => sipFor({ originalDocument: null })).toThrow('non ha il documento originale');
  });
});

describe('SacER multipart body', () => {
  it('sends VERSIONE, LOGINNAME, PASSWORD, XMLSIP as UTF-8 form fields, then one file part per component id, in that order', () => {
    const { body, contentType } = multipartBody([
      { kind: 'field', name: 'VERSIONE', value: '1.5' },
      { kind: 'field', name: 'LOGINNAME', value: 'ws_portale' },
      { kind: 'field', name: 'PASSWORD', value: 'pàss' },
      { kind: 'field', name: 'XMLSIP', value: '<UnitaDocumentaria>è</UnitaDocumentaria>' },
      { kind: 'file', name: 'rt', fileName: 'RT-1.xml', contentType: 'application/xml', bytes: Buffer.from('<rt/>') },
      { kind: 'file', name: 'pdf', fileName: 'RT-1.pdf', contentType: 'application/pdf', bytes: SAMPLE_PDF },
    ]);
    const boundary = /boundary=(.+)$/.exec(contentType)![1]!;
    const text = body.toString('utf8');
    const names = [...text.matchAll(/name="([^"]+)"(?:; filename="([^"]+)")?/g)].map((m) => [m[1], m[2] ?? null]);
    expect(names).toEqual([
      ['VERSIONE', null],
      ['LOGINNAME', null],
      ['PASSWORD', null],
      ['XMLSIP', null],
      ['rt', 'RT-1.xml'],
      ['pdf', 'RT-1.pdf'],
    ]);
    expect(text.match(/Content-Type: text\/plain; charset=UTF-8/g)).toHaveLength(4);
    expect(text).toContain('<UnitaDocumentaria>è</UnitaDocumentaria>\r\n');
    expect(text.endsWith(`--${boundary}--\r\n`)).toBe(true);
    expect(body.includes(SAMPLE_PDF)).toBe(true);
  });

  it('refuses a part name that would break its header', () => {
    expect(() => multipartBody([{ kind: 'field', name: 'a"\r\nX: y', value: '' }])).toThrow('nome non ammesso');
  });
});

describe('SacER EsitoVersamento', () => {
  const rdv =
    '<?xml version="1.0" encoding="UTF-8"?><RapportoVersamento><Versione>1.5</Versione>' +
    '<URNRapportoVersamento>urn:Valmora:RT:RDV</URNRapportoVersamento><DataRapportoVersamento>2026-07-15T02:00:00Z</DataRapportoVersamento>' +
    '<EsitoGenerale><CodiceEsito>POSITIVO</CodiceEsito></EsitoGenerale><SIP><URNSIP>urn:Valmora:RT:SIP</URNSIP></SIP></RapportoVersamento>';
  const esito = (codice: string, errore?: [string, string], extra = '') =>
    `<?xml version="1.0" encoding="UTF-8"?><EsitoVersamento><Versione>1.5</Versione><EsitoGenerale><CodiceEsito>${codice}</CodiceEsito>` +
    (errore ? `<CodiceErrore>${errore[0]}</CodiceErrore><MessaggioErrore>${escapeXml(errore[1])}</MessaggioErrore>` : '') +
    `</EsitoGenerale>${extra}<EsitoChiamataWS><VersioneWSCorretta>POSITIVO</VersioneWSCorretta><CredenzialiOperatore>POSITIVO</CredenzialiOperatore>` +
    '<FileAttesiRicevuti>POSITIVO</FileAttesiRicevuti></EsitoChiamataWS><EsitoXSD><CodiceEsito>POSITIVO</CodiceEsito></EsitoXSD></EsitoVersamento>';
  const withRdv = (body: string) =>
    body.replace('</EsitoVersamento>', `<RapportoVersamento>${escapeXml(rdv)}</RapportoVersamento></EsitoVersamento>`);

  it('POSITIVO: preserved, the rapporto verbatim with its SHA-256 and URNs', () => {
    expect(parseEsitoVersamento(withRdv(esito('POSITIVO')))).toEqual({
      kind: 'preserved',
      rapporto: { xml: rdv, sha256: sha256Hex(rdv), urn: 'urn:Valmora:RT:RDV', sipUrn: 'urn:Valmora:RT:SIP' },
      warnings: [],
    });
  });

  it('WARNING: preserved, with the main warning and the further ones', () => {
    const body = withRdv(
      esito(
        'WARNING',
        ['UD-008-001', 'non sono stati trovati componenti firmati'],
        '<WarningUlteriori><Warning><CodiceWarning>W-1</CodiceWarning><MessaggioWarning>altro</MessaggioWarning></Warning></WarningUlteriori>',
      ),
    );
    expect(parseEsitoVersamento(body)).toMatchObject({
      kind: 'preserved',
      warnings: [
        { code: 'UD-008-001', message: 'non sono stati trovati componenti firmati' },
        { code: 'W-1', message: 'altro' },
      ],
    });
  });

  it('UD-002-001: already preserved, with the rapporto of the first versamento', () => {
    const outcome = parseEsitoVersamento(
      withRdv(esito('NEGATIVO', ['UD-002-001', 'la chiave indicata corrisponde ad una Unità Documentaria già presente'])),
    );
    expect(outcome).toMatchObject({ kind: 'already_preserved', code: 'UD-002-001', rapporto: { xml: rdv, urn: 'urn:Valmora:RT:RDV' } });
  });

  it.each([
    'UD-001-012',
    'UD-001-001',
    'UD-001-002',
    'UD-001-003',
    'UD-001-005',
    'UD-003-001',
    'UD-003-002',
    'XSD-001-001',
    'XSD-001-002',
    'HASH-004-001',
    'COMP-006-001',
    'WS-CHECK',
    'FIRMA-002-001',
    'NUOVO-999',
  ])('NEGATIVO %s: rejected, not retryable until fixed', (code) => {
    expect(parseEsitoVersamento(esito('NEGATIVO', [code, 'motivo']))).toEqual({
      kind: 'rejected',
      code,
      message: 'motivo',
      retryable: false,
      cause: /^(UD-001|UD-003|WS-CHECK)/.test(code) ? 'configuration' : 'document',
    });
    expect(classifyErrorCode(code)).toBe('rejected');
  });

  it.each(['666', '666P', '666N', 'UD-008-002'])('NEGATIVO %s: failed, retryable', (code) => {
    expect(parseEsitoVersamento(esito('NEGATIVO', [code, 'Errore imprevisto']))).toEqual({
      kind: 'failed',
      code,
      message: 'Errore imprevisto',
      retryable: true,
    });
  });

  it.each([
    ['an HTML error page', '<html><body>Bad gateway</body></html>'],
    ['truncated XML', esito('POSITIVO').slice(0, 80)],
    ['a DOCTYPE (entity expansion)', '<!DOCTYPE e [<!ENTITY a "b">]><EsitoVersamento/>'],
    ['an unknown verdict', esito('FORSE')],
    ['POSITIVO without its rapporto', esito('POSITIVO')],
    ['no EsitoGenerale', '<EsitoVersamento><Versione>1.5</Versione></EsitoVersamento>'],
    ['empty', ''],
  ])('%s: failed, retryable', (_name, body) => {
    expect(parseEsitoVersamento(body)).toMatchObject({ kind: 'failed', retryable: true });
  });
});
