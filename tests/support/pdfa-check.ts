import type { Document, Element } from '@xmldom/xmldom';
import { parseUntrustedXml } from '@/lib/auth/saml/saml-xml';
import { PdfObjects, pdfString, qpdf, type PdfDict, type PdfValue } from './pdf-objects';

/*
 * Our check of PDF/A-2b (ISO 19005-2, level B): veraPDF, the reference validator, is neither a Debian package nor an
 * npm one, and nothing else can be fetched here. So the tests check the structures that level B requires and that a
 * generator gets wrong, on the objects as qpdf reads them, after `qpdf --check` has found the file well formed:
 * - the header's version 1.4 to 1.7 and its binary comment; no encryption; a trailer /ID;
 * - the catalog's /Metadata: an XMP stream that parses, says pdfaid:part 2 and a conformance level, and agrees with
 *   the Info dictionary (title, author, subject, keywords, creator, producer, dates);
 * - an /OutputIntents entry /GTS_PDFA1 with an embedded ICC profile (/DestOutputProfile) whose colour space matches
 *   /N, the same profile in every entry, and no CMYK painted without a CMYK profile;
 * - every font (the descendants of composite ones too) embedded: a /FontDescriptor with /FontFile, /FontFile2 or
 *   /FontFile3 holding data (Type 3 fonts draw their glyphs with content streams);
 * - none of what PDF/A forbids: transfer functions and non-standard blend modes in graphics states (transparency
 *   itself is allowed in PDF/A-2 when an output intent exists), interpolated or alternate images, JavaScript and
 *   launch actions, embedded files, annotations that do not print.
 * It does not check what only a full validator can: glyph widths against the font programs, .notdef references,
 * every colour space of every operator. veraPDF remains the reference for a conservatore's acceptance tests.
 */

export interface PdfaReport {
  /** What violates PDF/A-2b; empty when the file passes. */
  problems: string[];
  /** The XMP's pdfaid:part and pdfaid:conformance, when it has them. */
  part?: string;
  conformance?: string;
}

const NS = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
} as const;

/** Info keys and the XMP properties that must say the same (ISO 19005-2, 6.6.2.3.2). */
const INFO_IN_XMP: [info: string, ns: string, property: string][] = [
  ['/Title', NS.dc, 'title'],
  ['/Author', NS.dc, 'creator'],
  ['/Subject', NS.dc, 'description'],
  ['/Keywords', NS.pdf, 'Keywords'],
  ['/Creator', NS.xmp, 'CreatorTool'],
  ['/Producer', NS.pdf, 'Producer'],
  ['/CreationDate', NS.xmp, 'CreateDate'],
  ['/ModDate', NS.xmp, 'ModifyDate'],
];

const STANDARD_BLEND_MODES = new Set(
  ['Normal', 'Compatible', 'Multiply', 'Screen', 'Overlay', 'Darken', 'Lighten', 'ColorDodge', 'ColorBurn']
    .concat(['HardLight', 'SoftLight', 'Difference', 'Exclusion', 'Hue', 'Saturation', 'Color', 'Luminosity'])
    .map((mode) => `/${mode}`),
);
const ICC_SPACES: Record<string, number> = { GRAY: 1, 'RGB ': 3, CMYK: 4 };
const FONT_FILES = ['/FontFile', '/FontFile2', '/FontFile3'];
const ANNOTATION_PRINT = 4;
const ANNOTATION_HIDING = 1 | 2 | 32; // Invisible, Hidden, NoView.

export function checkPdfA2b(pdf: Buffer): PdfaReport {
  const problems = new Set<string>();
  const header = /^%PDF-1\.([0-9])\r?\n?%(.{4})/s.exec(pdf.subarray(0, 32).toString('latin1'));
  if (!header || Number(header[1]) < 4 || Number(header[1]) > 7) problems.add('intestazione: non è %PDF-1.4…1.7');
  else if ([...header[2]!].some((c) => c.charCodeAt(0) < 128)) problems.add('intestazione: manca il commento binario');

  // qpdf --is-encrypted answers 0 for an encrypted file, 2 for one that is not.
  if (qpdf(pdf, ['--is-encrypted']).status === 0) return { problems: [...problems, 'il file è cifrato'] };
  const check = qpdf(pdf, ['--check']);
  if (check.status !== 0) problems.add(`qpdf --check: ${(check.stderr || check.stdout).trim().split('\n').slice(0, 3).join(' / ')}`);

  const objects = PdfObjects.read(pdf);
  const trailer = objects.trailer;
  if (trailer['/Encrypt'] !== undefined) problems.add('il trailer ha /Encrypt');
  const id = objects.array(trailer['/ID']);
  if (id.length !== 2 || id.some((part) => pdfString(part) === undefined)) problems.add('il trailer non ha un /ID di due stringhe');

  const catalog = objects.dict(trailer['/Root']) ?? {};
  const xmp = readXmp(objects, catalog['/Metadata'], problems);
  if (xmp) compareInfo(objects, objects.dict(trailer['/Info']) ?? {}, xmp.doc, problems);
  checkOutputIntents(objects, catalog, problems);
  if (objects.dict(catalog['/Names'])?.['/JavaScript'] !== undefined) problems.add('il catalogo ha JavaScript');
  if (objects.dict(catalog['/Names'])?.['/EmbeddedFiles'] !== undefined) problems.add('il catalogo ha file incorporati');
  for (const dict of objects.dictionaries()) checkObject(objects, dict, problems);
  return { problems: [...problems], part: xmp?.part, conformance: xmp?.conformance };
}

function readXmp(objects: PdfObjects, metadata: PdfValue | undefined, problems: Set<string>) {
  const dict = objects.dict(metadata);
  const data = objects.streamData(metadata);
  if (!dict || !data) {
    problems.add('il catalogo non ha uno stream /Metadata');
    return undefined;
  }
  if (dict['/Type'] !== '/Metadata' || dict['/Subtype'] !== '/XML') problems.add('/Metadata non è /Type /Metadata /Subtype /XML');
  const xml = data.toString('utf8');
  // xmldom lets a bare «&» through; XML does not, nor does a validator.
  const doc = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9A-Fa-f]+);)/.test(xml) ? null : parseUntrustedXml(xml);
  if (!doc) {
    problems.add('XMP: non è XML ben formato');
    return undefined;
  }
  const part = xmpProperty(doc, NS.pdfaid, 'part');
  const conformance = xmpProperty(doc, NS.pdfaid, 'conformance');
  if (part !== '2') problems.add(`XMP: pdfaid:part è ${part ?? 'assente'}, non 2`);
  if (!conformance || !['A', 'B', 'U'].includes(conformance)) problems.add(`XMP: pdfaid:conformance è ${conformance ?? 'assente'}`);
  return { doc, part, conformance };
}

/** An XMP property's value: an element (its x-default or first rdf:li when it is a container) or an attribute. */
function xmpProperty(doc: Document, ns: string, name: string): string | undefined {
  const element = doc.getElementsByTagNameNS(ns, name)[0];
  if (element) {
    const items = Array.from(element.getElementsByTagNameNS(NS.rdf, 'li'));
    const item = items.find((li) => li.getAttribute('xml:lang') === 'x-default') ?? items[0];
    return (item ?? element).textContent?.trim();
  }
  for (const description of Array.from(doc.getElementsByTagNameNS(NS.rdf, 'Description')) as Element[]) {
    if (description.hasAttributeNS(ns, name)) return description.getAttributeNS(ns, name) ?? undefined;
  }
  return undefined;
}

function compareInfo(objects: PdfObjects, info: PdfDict, doc: Document, problems: Set<string>) {
  for (const [key, ns, property] of INFO_IN_XMP) {
    if (info[key] === undefined) continue;
    const infoValue = pdfString(objects.resolve(info[key]));
    const xmpValue = xmpProperty(doc, ns, property);
    const same = key.endsWith('Date') ? pdfDate(infoValue) === xmpDate(xmpValue) : infoValue === xmpValue;
    if (!same || xmpValue === undefined) problems.add(`Info ${key} «${infoValue}» e XMP ${property} «${xmpValue}» non coincidono`);
  }
}

/** A PDF date (D:YYYYMMDDHHmmSSOHH'mm') as epoch milliseconds. */
function pdfDate(value: string | undefined): number | undefined {
  const m = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:([Z+-])(\d{2})?'?(\d{2})?'?)?$/.exec(value ?? '');
  if (!m) return undefined;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', sign = 'Z', oh = '00', om = '00'] = m;
  return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${sign === 'Z' ? 'Z' : `${sign}${oh}:${om}`}`);
}

function xmpDate(value: string | undefined): number | undefined {
  return value === undefined ? undefined : Date.parse(value);
}

function checkOutputIntents(objects: PdfObjects, catalog: PdfDict, problems: Set<string>) {
  const intents = objects.array(catalog['/OutputIntents']).map((intent) => objects.dict(intent));
  const pdfa = intents.filter((intent) => intent?.['/S'] === '/GTS_PDFA1');
  if (pdfa.length === 0) problems.add('il catalogo non ha un /OutputIntents /GTS_PDFA1');
  const profiles = new Set(intents.map((intent) => intent?.['/DestOutputProfile']).filter((p) => p !== undefined));
  if (profiles.size > 1) problems.add('gli /OutputIntents hanno profili diversi');
  for (const intent of pdfa) {
    const profile = objects.streamData(intent!['/DestOutputProfile']);
    if (!profile) {
      problems.add("l'output intent non ha un /DestOutputProfile");
      continue;
    }
    const space = profile.subarray(16, 20).toString('latin1');
    if (profile.subarray(36, 40).toString('latin1') !== 'acsp') problems.add('/DestOutputProfile non è un profilo ICC');
    else if (ICC_SPACES[space] !== objects.dict(intent!['/DestOutputProfile'])?.['/N'])
      problems.add(`/DestOutputProfile: /N non corrisponde allo spazio «${space}»`);
    else if (space !== 'CMYK') checkNoCmyk(objects, problems);
  }
}

/** DeviceCMYK (set as a colour space, or by the k and K operators) needs a CMYK output intent (ISO 19005-2, 6.2.4.3). */
function checkNoCmyk(objects: PdfObjects, problems: Set<string>) {
  for (const page of objects.pages()) {
    const contents = page['/Contents'];
    for (const stream of Array.isArray(contents) ? contents : [contents]) {
      const content = objects.streamData(stream)?.toString('latin1') ?? '';
      if (/\/DeviceCMYK\b|(?:^|\s)(?:-?[\d.]+\s+){4}[kK](?=\s|$)/.test(content)) problems.add('colori CMYK senza un output intent CMYK');
    }
  }
  for (const dict of objects.dictionaries())
    if (dict['/ColorSpace'] === '/DeviceCMYK') problems.add('immagine CMYK senza un output intent CMYK');
}

/** The checks of one dictionary of the file, by what it is. */
function checkObject(objects: PdfObjects, dict: PdfDict, problems: Set<string>) {
  if (dict['/Type'] === '/Font') checkFont(objects, dict, problems);
  if (dict['/Type'] === '/ExtGState' || dict['/BM'] !== undefined) {
    if (dict['/TR'] !== undefined) problems.add('uno stato grafico ha una funzione di trasferimento /TR');
    if (dict['/TR2'] !== undefined && dict['/TR2'] !== '/Default') problems.add('uno stato grafico ha /TR2');
    const modes = Array.isArray(dict['/BM']) ? dict['/BM'] : dict['/BM'] === undefined ? [] : [dict['/BM']];
    for (const mode of modes) if (!STANDARD_BLEND_MODES.has(String(mode))) problems.add(`metodo di fusione ${String(mode)}`);
  }
  if (dict['/Subtype'] === '/Image' && (dict['/Interpolate'] === true || dict['/Alternates'] !== undefined))
    problems.add('immagine interpolata o con alternative');
  if (dict['/S'] === '/JavaScript' || dict['/S'] === '/Launch' || dict['/JS'] !== undefined) problems.add(`azione ${String(dict['/S'])}`);
  if (dict['/Type'] === '/Filespec' || dict['/EF'] !== undefined) problems.add('file incorporato');
  if (dict['/Type'] === '/Annot' && dict['/Subtype'] !== '/Popup') {
    const flags = typeof dict['/F'] === 'number' ? dict['/F'] : 0;
    if (!(flags & ANNOTATION_PRINT) || flags & ANNOTATION_HIDING) problems.add(`annotazione ${String(dict['/Subtype'])} che non si stampa`);
  }
}

const pdfName = (value: PdfValue | undefined) => String(value).replace(/^\//, '');

function checkFont(objects: PdfObjects, font: PdfDict, problems: Set<string>) {
  if (font['/Subtype'] === '/Type3') return;
  const faces = font['/Subtype'] === '/Type0' ? objects.array(font['/DescendantFonts']).map((d) => objects.dict(d)) : [font];
  if (faces.length === 0) problems.add(`font ${pdfName(font['/BaseFont'])}: composito senza /DescendantFonts`);
  for (const face of faces) {
    const descriptor = objects.dict(face?.['/FontDescriptor']);
    const embedded = FONT_FILES.some((key) => (objects.streamData(descriptor?.[key])?.length ?? 0) > 0);
    if (!embedded) problems.add(`font ${pdfName(face?.['/BaseFont'] ?? font['/BaseFont'])} non incorporato`);
  }
}
