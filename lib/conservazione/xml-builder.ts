/*
 * A tiny XML builder for the documents we send to a conservatore (SIP, Allegato 5 metadata, SInCRO index).
 * Text comes from receipts, i.e. from partners and citizens: it is never spliced into a template, every
 * value goes through `text()`, which escapes markup and replaces what XML 1.0 cannot carry at all (a NUL
 * byte, other control characters, lone surrogates) with U+FFFD, so that the document always parses.
 */

export interface XmlElement {
  name: string;
  attributes: ReadonlyArray<readonly [string, string]>;
  children: readonly XmlNode[];
}

export type XmlNode = XmlElement | string;

/** What `el` accepts as content: absent values (null, undefined, false) are left out, arrays are flattened. */
export type XmlContent = XmlNode | number | boolean | null | undefined | readonly XmlContent[];

const NAME = /^[A-Za-z_][A-Za-z0-9._-]*(?::[A-Za-z_][A-Za-z0-9._-]*)?$/;

// Everything outside XML 1.0's Char production (tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, astral planes).
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function flatten(content: XmlContent, out: XmlNode[]): XmlNode[] {
  if (content === null || content === undefined || content === false) return out;
  if (Array.isArray(content)) {
    for (const item of content as readonly XmlContent[]) flatten(item, out);
  } else if (typeof content === 'number' || content === true) {
    out.push(String(content));
  } else {
    out.push(content as XmlNode);
  }
  return out;
}

/**
 * An element. Names are ours (constants), so a bad one is a programming error and throws; booleans
 * serialise as xs:boolean (`true`; `false` must be passed as the string 'false', since false means absent).
 */
export function el(name: string, content?: XmlContent, attributes: Record<string, string> = {}): XmlElement {
  for (const n of [name, ...Object.keys(attributes)]) {
    if (!NAME.test(n)) throw new Error(`nome XML non valido: ${n}`);
  }
  return { name, attributes: Object.entries(attributes), children: flatten(content, []) };
}

/** xs:boolean text: `el('Riservato', bool(false))` keeps the element, unlike a bare false. */
export const bool = (value: boolean): string => (value ? 'true' : 'false');

/** The text as XML 1.0 can carry it: characters it forbids become U+FFFD. */
export function xmlSafe(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD');
}

function escapeText(value: string): string {
  return xmlSafe(value).replace(/[&<>\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' })[c]!);
}

function escapeAttribute(value: string): string {
  return xmlSafe(value).replace(
    /[&<>"\t\n\r]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!,
  );
}

function write(node: XmlNode, out: string[]): void {
  if (typeof node === 'string') {
    out.push(escapeText(node));
    return;
  }
  out.push('<', node.name);
  for (const [name, value] of node.attributes) out.push(' ', name, '="', escapeAttribute(value), '"');
  if (node.children.length === 0) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (const child of node.children) write(child, out);
  out.push('</', node.name, '>');
}

/** The document as UTF-8 text with its declaration; compact (no indentation: whitespace would be content). */
export function serializeXml(root: XmlElement): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, out);
  return out.join('');
}
