import type { Ente } from '@/db/schema';
import type { SoftwareIdentity } from '../software';
import { el, serializeXml, type XmlElement } from '../xml-builder';

/*
 * The UNI 11386:2020 (SInCRO 2.0) index of an export (reference conservazione.md §3): namespace
 * http://www.uni.com/U3011/sincro-v2/, elements and attributes qualified (so attributes carry `sincro:`),
 * root PIndex = SelfDescription, PVolume, FileGroup+, Process, with the values SacER itself writes
 * (scheme="local", hashFunction="SHA-256", language it, attachedTimeStamp false). From the public XSD copy
 * the reference cites: a File also needs `encoding` and `format`, an agent at least one RelevantDocument,
 * an AgentID has the form TINIT-<code>. The normative text of UNI 11386 is paywalled: unverified.
 */

export const SINCRO_NS = 'http://www.uni.com/U3011/sincro-v2/';
export const SINCRO_URI = 'http://www.uni.com/U3011/sincro-v2/PIndex.xsd';

export interface PIndexFile {
  /** Unique within the index. */
  id: string;
  /** Path inside the ZIP. */
  path: string;
  /**
   * SHA-256 of the file, hex. Whether SInCRO wants hex or base64 is unverified (reference §3): hex is what
   * our receipts table and SacER's HashVersato use, and what `sha256sum` prints for a check by hand.
   */
  sha256: string;
  /** MIME type (sincro:format). */
  format: string;
}

export interface PIndexGroup {
  id: string;
  label: string;
  files: PIndexFile[];
}

/** A natural person who answers for the index (the Ente's responsabile della conservazione). */
export interface PIndexSigner {
  firstName: string;
  lastName: string;
}

export interface PIndexInput {
  ente: Pick<Ente, 'name' | 'fiscalCode' | 'ipaCode'>;
  /** The exported day, `YYYY-MM-DD`. */
  day: string;
  generatedAt: Date;
  software: SoftwareIdentity;
  /** Who runs the software (CreatingApplication/Producer): the service centre. */
  producer: string;
  groups: PIndexGroup[];
  /** Absent: the Ente itself, as a legal person, is the authorised signer. */
  signer?: PIndexSigner;
}

const s = (name: string) => `sincro:${name}`;
const id = (value: string) => el(s('ID'), value, { [s('scheme')]: 'local' });

/** The Ente as a SInCRO agent: its codice fiscale is the TIN, its manuale the relevant document. */
function enteAgent(name: string, ente: PIndexInput['ente'], attributes: Record<string, string>): XmlElement {
  return el(
    s(name),
    [
      el(s('AgentID'), `TINIT-${ente.fiscalCode}`),
      el(s('AgentName'), el(s('FormalName'), ente.name)),
      el(s('RelevantDocument'), `Manuale di conservazione di ${ente.name}`),
    ],
    { [s('agentType')]: 'legal person', ...attributes },
  );
}

function signerElement(input: PIndexInput): XmlElement {
  if (!input.signer) return enteAgent('AuthorizedSigner', input.ente, {});
  return el(
    s('AuthorizedSigner'),
    [
      el(s('AgentName'), el(s('NameAndSurname'), [el(s('FirstName'), input.signer.firstName), el(s('LastName'), input.signer.lastName)])),
      el(s('RelevantDocument'), `Manuale di conservazione di ${input.ente.name}`),
    ],
    { [s('agentType')]: 'natural person' },
  );
}

function fileElement(file: PIndexFile): XmlElement {
  return el(s('File'), [id(file.id), el(s('Path'), file.path), el(s('Hash'), file.sha256, { [s('hashFunction')]: 'SHA-256' })], {
    [s('encoding')]: 'binary',
    [s('format')]: file.format,
  });
}

/** The index as XML text. At least one group: SInCRO has no empty volume (FileGroup+). */
export function buildPIndex(input: PIndexInput): string {
  if (input.groups.length === 0) throw new Error('un indice SInCRO elenca almeno un gruppo di file');
  const urn = (kind: string) => `urn:portale:${input.ente.ipaCode}:${kind}:${input.day}`;
  return serializeXml(
    el(
      s('PIndex'),
      [
        el(s('SelfDescription'), [
          id(urn('pindex')),
          el(s('CreatingApplication'), [
            el(s('Name'), input.software.name),
            el(s('Version'), input.software.version),
            el(s('Producer'), input.producer),
          ]),
        ]),
        el(s('PVolume'), [id(urn('pvolume')), el(s('Label'), `Ricevute di pagamento pagoPA del ${input.day}`)]),
        input.groups.map((g) => el(s('FileGroup'), [id(g.id), el(s('Label'), g.label), g.files.map(fileElement)])),
        el(s('Process'), [
          enteAgent('Submitter', input.ente, {}),
          enteAgent('Holder', input.ente, { [s('holderRole')]: 'soggetto produttore' }),
          signerElement(input),
          el(s('TimeReference'), el(s('TimeInfo'), input.generatedAt.toISOString(), { [s('attachedTimeStamp')]: 'false' })),
        ]),
      ],
      { 'xmlns:sincro': SINCRO_NS, [s('language')]: 'it', [s('sincroVersion')]: '2.0', [s('uri')]: SINCRO_URI },
    ),
  );
}
