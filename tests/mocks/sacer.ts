import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { DOMParser, type Element } from '@xmldom/xmldom';
import { startHttpMock, type MockControls, type MockRequest } from './http-mock';

/*
 * A mock of ParER's SacER VersamentoSync for contract tests, written from the reference
 * (conservazione.md §4) and from SacER's public sources it cites, not from our adapter: it reads the
 * multipart parts strictly in order (RequestPrsr.java), decodes form fields with the part's charset
 * (ISO-8859-1 when none is declared, as commons-fileupload does), checks the SIP's structure, the
 * configured Ambiente/Ente/Struttura/tipologia/registro and formats, recomputes every file's SHA-256
 * against HashVersato, remembers keys (a second send answers UD-002-001 with the first rapporto), and
 * always answers HTTP 200 with an EsitoVersamento. Error codes and messages as in MessaggiWSBundle.java.
 * No test framework imports: a browser run may start it too.
 */

export const SACER_PATH = '/sacerws/VersamentoSync';

export interface SacerMockOptions {
  ambiente?: string;
  ente?: string;
  struttura?: string;
  /** The LOGINNAME (and Versatore/UserID) and its password. */
  userId?: string;
  password?: string;
  tipologie?: string[];
  registri?: string[];
  /** File extensions the struttura accepts (COMP-006-001 otherwise). */
  formati?: string[];
}

export interface SacerVersamento {
  key: string;
  sip: string;
  files: Map<string, Buffer>;
  rapporto: string;
  urnRapporto: string;
}

export interface SacerMock {
  url: string;
  controls: MockControls;
  versamenti: Map<string, SacerVersamento>;
  /** The next `times` valid versamenti are accepted with CodiceEsito WARNING. */
  warnNext(times?: number): void;
  /** The next `times` calls answer NEGATIVO 666 (SacER's unexpected error). */
  unexpectedErrorNext(times?: number): void;
  /** Every call for the unit with this Numero answers NEGATIVO with this code, until cleared (null). */
  failKey(numero: string, error: { code: string; message: string } | null): void;
  close(): Promise<void>;
}

interface Part {
  name: string;
  fileName: string | null;
  contentType: string | null;
  content: Buffer;
}

// Its own escaping: the mock shares no code with the adapter it checks.
const x = (value: string) => value.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

type Esito = { codice: 'POSITIVO' | 'NEGATIVO' | 'WARNING'; errore?: { code: string; message: string } };

function parseMultipart(req: MockRequest): Part[] | null {
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(String(req.headers['content-type'] ?? ''));
  if (!/^multipart\/form-data/i.test(String(req.headers['content-type'] ?? '')) || !match) return null;
  const delimiter = Buffer.from(`--${match[1] ?? match[2]}`);
  const body = req.body;
  if (body.indexOf(delimiter) !== 0) return null;
  const parts: Part[] = [];
  let pos = delimiter.length;
  while (body.subarray(pos, pos + 2).toString('latin1') !== '--') {
    if (body.subarray(pos, pos + 2).toString('latin1') !== '\r\n') return null;
    const headerEnd = body.indexOf('\r\n\r\n', pos + 2);
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (headerEnd < 0 || next < 0) return null;
    const headers = body.subarray(pos + 2, headerEnd).toString('latin1');
    const disposition = /content-disposition:\s*form-data;\s*name="([^"]*)"(?:;\s*filename="([^"]*)")?/i.exec(headers);
    if (!disposition) return null;
    parts.push({
      name: disposition[1]!,
      fileName: disposition[2] ?? null,
      contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? null,
      content: body.subarray(headerEnd + 4, next),
    });
    pos = next + 2 + delimiter.length;
  }
  return parts;
}

/** A form field's text as commons-fileupload's getString() gives it: the part's charset, else ISO-8859-1. */
function fieldText(part: Part): string {
  const charset = /charset=["']?([\w-]+)/i.exec(part.contentType ?? '')?.[1]?.toLowerCase();
  return part.content.toString(charset === 'utf-8' || charset === 'utf8' ? 'utf8' : 'latin1');
}

function kids(parent: Element | undefined, name?: string): Element[] {
  const out: Element[] = [];
  for (let n = parent?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (!name || (n as Element).nodeName === name)) out.push(n as Element);
  }
  return out;
}

function path(root: Element | undefined, ...names: string[]): Element | undefined {
  let current = root;
  for (const name of names) current = kids(current, name)[0];
  return current;
}

const value = (root: Element | undefined, ...names: string[]) => path(root, ...names)?.textContent?.trim() ?? '';

const TOP_LEVEL = [
  'Intestazione',
  'Configurazione',
  'ProfiloUnitaDocumentaria',
  'ProfiloNormativo',
  'NumeroAllegati',
  'DocumentoPrincipale',
  'Allegati',
];
const REQUIRED = [
  ['Intestazione', 'Versione'],
  ['Intestazione', 'Versatore', 'Ambiente'],
  ['Intestazione', 'Versatore', 'Ente'],
  ['Intestazione', 'Versatore', 'Struttura'],
  ['Intestazione', 'Versatore', 'UserID'],
  ['Intestazione', 'Chiave', 'Numero'],
  ['Intestazione', 'Chiave', 'Anno'],
  ['Intestazione', 'Chiave', 'TipoRegistro'],
  ['Intestazione', 'TipologiaUnitaDocumentaria'],
  ['NumeroAllegati'],
  ['DocumentoPrincipale', 'IDDocumento'],
  ['DocumentoPrincipale', 'TipoDocumento'],
  ['DocumentoPrincipale', 'StrutturaOriginale', 'Componenti', 'Componente'],
];

/** What SacER's XSD check would say of the SIP's shape: null when it passes. */
function structureProblem(root: Element): string | null {
  if (root.nodeName !== 'UnitaDocumentaria') return `elemento radice ${root.nodeName} inatteso`;
  const order = kids(root).map((e) => TOP_LEVEL.indexOf(e.nodeName));
  if (order.some((i, k) => i < 0 || (k > 0 && i <= order[k - 1]!))) return 'elementi di UnitaDocumentaria mancanti, in più o fuori ordine';
  for (const required of REQUIRED) {
    if (!value(root, ...required)) return `elemento ${required.join('/')} mancante o vuoto`;
  }
  if (!/^\d{4}$/.test(value(root, 'Intestazione', 'Chiave', 'Anno'))) return 'Anno non è un anno';
  const profilo = path(root, 'ProfiloNormativo');
  if (profilo && !profilo.getAttribute('versione')) return 'ProfiloNormativo senza versione';
  for (const c of componenti(root)) {
    for (const name of ['ID', 'OrdinePresentazione', 'TipoSupportoComponente', 'NomeComponente']) {
      if (!value(c, name)) return `Componente senza ${name}`;
    }
  }
  return null;
}

function documenti(root: Element): Element[] {
  return [...kids(root, 'DocumentoPrincipale'), ...kids(path(root, 'Allegati'), 'Allegato')];
}

function componenti(root: Element): Element[] {
  return documenti(root).flatMap((d) => kids(path(d, 'StrutturaOriginale', 'Componenti'), 'Componente'));
}

function esitoXml(
  esito: Esito,
  extra: { checks: [string, boolean][]; rapporto?: string; urnSip?: string; warnings?: Esito['errore'][] },
): string {
  const pn = (ok: boolean) => (ok ? 'POSITIVO' : 'NEGATIVO');
  const [versione, credenziali, file, xsd] = extra.checks.map(([, ok]) => ok);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<EsitoVersamento><Versione>1.5</Versione><VersioneXMLChiamata>1.5</VersioneXMLChiamata>' +
    (extra.urnSip ? `<URNSIP>${x(extra.urnSip)}</URNSIP>` : '') +
    `<DataVersamento>${new Date().toISOString()}</DataVersamento>` +
    `<EsitoGenerale><CodiceEsito>${esito.codice}</CodiceEsito>` +
    (esito.errore
      ? `<CodiceErrore>${x(esito.errore.code)}</CodiceErrore><MessaggioErrore>${x(esito.errore.message)}</MessaggioErrore>`
      : '') +
    '</EsitoGenerale>' +
    (extra.warnings?.length
      ? `<WarningUlteriori>${extra.warnings.map((w) => `<Warning><CodiceWarning>${x(w!.code)}</CodiceWarning><MessaggioWarning>${x(w!.message)}</MessaggioWarning></Warning>`).join('')}</WarningUlteriori>`
      : '') +
    `<EsitoChiamataWS><VersioneWSCorretta>${pn(versione ?? true)}</VersioneWSCorretta><CredenzialiOperatore>${pn(credenziali ?? true)}</CredenzialiOperatore>` +
    `<FileAttesiRicevuti>${pn(file ?? true)}</FileAttesiRicevuti></EsitoChiamataWS>` +
    `<EsitoXSD><CodiceEsito>${pn(xsd ?? true)}</CodiceEsito></EsitoXSD>` +
    (extra.rapporto ? `<RapportoVersamento>${x(extra.rapporto)}</RapportoVersamento>` : '') +
    '</EsitoVersamento>'
  );
}

function sha256Matches(declared: string, content: Buffer): boolean {
  const digest = createHash('sha256').update(content).digest();
  return declared.toLowerCase() === digest.toString('hex') || declared === digest.toString('base64');
}

export async function startSacerMock(options: SacerMockOptions = {}): Promise<SacerMock> {
  const config = {
    ambiente: options.ambiente ?? 'PARER_TEST',
    ente: options.ente ?? 'Comune di Valmora',
    struttura: options.struttura ?? 'RICEVUTE_PAGOPA',
    userId: options.userId ?? 'ws_portale',
    password: options.password ?? 'segreto-di-prova',
    tipologie: options.tipologie ?? ['RICEVUTA PAGOPA'],
    registri: options.registri ?? ['RT_PAGOPA'],
    formati: options.formati ?? ['xml', 'pdf'],
  };
  const versamenti = new Map<string, SacerVersamento>();
  const failedKeys = new Map<string, { code: string; message: string }>();
  let warnings = 0;
  let unexpected = 0;

  const answer = (res: ServerResponse, body: string) => {
    res.writeHead(200, { 'content-type': 'application/xml; charset="utf-8"' });
    res.end(body);
  };
  const checksOk: [string, boolean][] = [
    ['versione', true],
    ['credenziali', true],
    ['file', true],
    ['xsd', true],
  ];
  const negative = (res: ServerResponse, code: string, message: string, failing?: 'versione' | 'credenziali' | 'file' | 'xsd') =>
    answer(
      res,
      esitoXml(
        { codice: 'NEGATIVO', errore: { code, message } },
        { checks: checksOk.map(([name]) => [name, name !== failing] as [string, boolean]) },
      ),
    );

  const mock = await startHttpMock((req, res) => {
    if (req.path !== SACER_PATH) {
      res.writeHead(404).end();
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    if (unexpected > 0) {
      unexpected--;
      return negative(res, '666', 'Errore imprevisto: simulato dal mock');
    }
    const parts = parseMultipart(req);
    if (!parts)
      return negative(res, 'WS-CHECK', 'Errore nella struttura della chiamata al Web service: corpo multipart illeggibile', 'versione');
    const expected = ['VERSIONE', 'LOGINNAME', 'PASSWORD', 'XMLSIP'];
    for (const [i, name] of expected.entries()) {
      const part = parts[i];
      if (!part || part.name !== name)
        return negative(res, 'WS-CHECK', `Errore nella struttura della chiamata al Web service: Manca il campo ${name}`);
      if (part.fileName !== null)
        return negative(res, 'WS-CHECK', `Errore nella struttura della chiamata al Web service: Il campo ${name} deve essere di tipo FORM`);
    }
    const [versione, login, password, xmlSip] = parts.slice(0, 4).map(fieldText) as [string, string, string, string];
    if (versione !== '1.5') return negative(res, 'UD-001-011', `La versione [${versione}] indicata non è supportata`, 'versione');
    if (login !== config.userId || password !== config.password) {
      return negative(res, 'UD-001-012', 'Errore di autenticazione: utente o password errati', 'credenziali');
    }
    const files = new Map<string, Part>();
    for (const part of parts.slice(4)) {
      if (part.fileName === null) {
        return negative(
          res,
          'WS-CHECK',
          'Errore nella struttura della chiamata al Web service: I campi usati per rappresentare i componenti devono essere di tipo FILE',
        );
      }
      // RequestPrsr keeps only non-empty files with a name.
      if (part.content.length > 0 && part.fileName.length > 0) files.set(part.name, part);
    }

    let root: Element | null = null;
    try {
      root =
        new DOMParser({
          onError: (level, message) => {
            throw new Error(`${level}: ${message}`);
          },
        }).parseFromString(xmlSip, 'text/xml').documentElement ?? null;
    } catch (error) {
      return negative(
        res,
        'XSD-001-001',
        `Errore: XML malformato nel blocco di dati generali. Eccezione: ${(error as Error).message.slice(0, 200)}`,
        'xsd',
      );
    }
    if (!root) return negative(res, 'XSD-001-001', 'Errore: XML malformato nel blocco di dati generali. Eccezione: documento vuoto', 'xsd');
    const problem = structureProblem(root);
    if (problem) return negative(res, 'XSD-001-002', `Errore di validazione del blocco di dati generali. Eccezione: ${problem}`, 'xsd');
    if (value(root, 'Intestazione', 'Versione') !== versione) {
      return negative(
        res,
        'UD-001-013',
        `Il valore [${value(root, 'Intestazione', 'Versione')}] indicato nel tag <Versione> non coincide con la versione indicata nella chiamata al WS`,
      );
    }
    const versatore = (name: string) => value(root!, 'Intestazione', 'Versatore', name);
    if (versatore('Ambiente') !== config.ambiente)
      return negative(res, 'UD-001-001', `L'Ambiente ${versatore('Ambiente')} non è presente nel sistema`);
    if (versatore('Ente') !== config.ente) return negative(res, 'UD-001-002', `L'Ente ${versatore('Ente')} non è presente nel sistema`);
    if (versatore('Struttura') !== config.struttura)
      return negative(res, 'UD-001-003', `La Struttura ${versatore('Struttura')} non è presente nel sistema`);
    if (versatore('UserID') !== login) {
      return negative(
        res,
        'UD-001-005',
        `Il valore [${versatore('UserID')}] indicato nel tag <UserID> non coincide con l'utente indicato nella chiamata al WS`,
      );
    }

    const numero = value(root, 'Intestazione', 'Chiave', 'Numero');
    const anno = value(root, 'Intestazione', 'Chiave', 'Anno');
    const registro = value(root, 'Intestazione', 'Chiave', 'TipoRegistro');
    const key = `${registro}-${anno}-${numero}`;
    const forced = failedKeys.get(numero);
    if (forced) return negative(res, forced.code, forced.message);
    const previous = versamenti.get(key);
    if (previous) {
      return answer(
        res,
        esitoXml(
          {
            codice: 'NEGATIVO',
            errore: {
              code: 'UD-002-001',
              message: `Unità Documentaria ${key}: la chiave indicata corrisponde ad una Unità Documentaria già presente nel sistema`,
            },
          },
          { checks: checksOk, rapporto: previous.rapporto },
        ),
      );
    }
    const tipologia = value(root, 'Intestazione', 'TipologiaUnitaDocumentaria');
    if (!config.tipologie.includes(tipologia))
      return negative(res, 'UD-003-001', `Unità Documentaria ${key}: la tipologia ${tipologia} non è presente entro la struttura versante`);
    if (!config.registri.includes(registro))
      return negative(
        res,
        'UD-003-002',
        `Unità Documentaria ${key}: il tipo registro ${registro} non è presente entro la struttura versante`,
      );
    if (Number(value(root, 'NumeroAllegati')) !== kids(path(root, 'Allegati'), 'Allegato').length) {
      return negative(res, 'XSD-003-001', 'Il numero di allegati dichiarato non corrisponde al numero di elementi <Allegato>');
    }

    const declared = componenti(root);
    const ids = declared.map((c) => value(c, 'ID'));
    const missing = ids.filter((id) => !files.has(id));
    const unknown = [...files.keys()].filter((id) => !ids.includes(id));
    if (missing.length > 0 || unknown.length > 0) {
      return negative(
        res,
        'WS-CHECK',
        `Errore nella struttura della chiamata al Web service: file attesi e ricevuti non coincidono (${[...missing, ...unknown].join(', ')})`,
        'file',
      );
    }
    for (const c of declared) {
      const id = value(c, 'ID');
      const file = files.get(id)!;
      const extension = value(c, 'NomeComponente').split('.').pop()?.toLowerCase() ?? '';
      if (!config.formati.includes(extension)) {
        return negative(
          res,
          'COMP-006-001',
          `Componente ${id}: il Formato ${extension.toUpperCase()} non è ammesso per la struttura versante, il tipo struttura o il tipo componente`,
        );
      }
      const hash = value(c, 'HashVersato');
      if (hash && !sha256Matches(hash, file.content)) {
        return negative(
          res,
          'HASH-004-001',
          `Componente ${id}: l'hash calcolato non coincide con l'hash versato (l'encoding usato è hexBinary, l'algoritmo è SHA-256)`,
        );
      }
    }

    const now = new Date().toISOString();
    const urn = `urn:${config.ente}:${config.struttura}:${key}`;
    const rapporto =
      '<?xml version="1.0" encoding="UTF-8"?>' +
      `<RapportoVersamento><Versione>1.5</Versione><URNRapportoVersamento>${x(`${urn}:RDV`)}</URNRapportoVersamento>` +
      `<DataRapportoVersamento>${now}</DataRapportoVersamento><EsitoGenerale><CodiceEsito>POSITIVO</CodiceEsito></EsitoGenerale>` +
      `<Versatore><Ambiente>${x(config.ambiente)}</Ambiente><Ente>${x(config.ente)}</Ente><Struttura>${x(config.struttura)}</Struttura><UserID>${x(login)}</UserID></Versatore>` +
      `<SIP><URNSIP>${x(`${urn}:SIP`)}</URNSIP><URNIndiceSIP>${x(`${urn}:SIP:INDICE`)}</URNIndiceSIP>` +
      `<HashIndiceSIP>${createHash('sha256').update(xmlSip, 'utf8').digest('hex')}</HashIndiceSIP><AlgoritmoHashIndiceSIP>SHA-256</AlgoritmoHashIndiceSIP>` +
      `<EncodingHashIndiceSIP>hexBinary</EncodingHashIndiceSIP><DataVersamento>${now}</DataVersamento></SIP></RapportoVersamento>`;
    versamenti.set(key, {
      key,
      sip: xmlSip,
      files: new Map([...files].map(([id, part]) => [id, Buffer.from(part.content)])),
      rapporto,
      urnRapporto: `${urn}:RDV`,
    });
    const warn = warnings > 0;
    if (warn) warnings--;
    const warning = { code: 'UD-008-001', message: `Unità Documentaria ${key}: non sono stati trovati componenti firmati digitalmente` };
    answer(
      res,
      esitoXml(warn ? { codice: 'WARNING', errore: warning } : { codice: 'POSITIVO' }, {
        checks: checksOk,
        rapporto,
        urnSip: `${urn}:SIP`,
        warnings: warn ? [{ code: 'MOCK-001', message: 'Avviso ulteriore simulato dal mock' }] : [],
      }),
    );
  });

  return {
    url: mock.url,
    controls: mock.controls,
    versamenti,
    warnNext(times = 1) {
      warnings += times;
    },
    unexpectedErrorNext(times = 1) {
      unexpected += times;
    },
    failKey(numero, error) {
      if (error) failedKeys.set(numero, error);
      else failedKeys.delete(numero);
    },
    close: mock.close,
  };
}
