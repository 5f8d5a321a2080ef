import { DOMParser, type Document, type Element } from '@xmldom/xmldom';

export const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

/** A SAML Response with a few signed assertions and attributes is a few KB; anything larger is refused unread. */
export const MAX_SAML_RESPONSE_BASE64_CHARS = 200_000;

/**
 * Parses untrusted XML, refusing DTDs (entity expansion, external entities) and any parser error or
 * warning: a document the parser had to "repair" could be read differently by the signature verifier.
 */
export function parseUntrustedXml(xml: string): Document | null {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) return null;
  try {
    const doc = new DOMParser({
      onError: (level, message) => {
        throw new Error(`${level}: ${message}`);
      },
    }).parseFromString(xml, 'text/xml');
    return doc.documentElement ? doc : null;
  } catch {
    return null;
  }
}

/** Direct element children with the given namespace and local name (never descendants: see signature wrapping). */
export function childElements(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === n.ELEMENT_NODE) {
      const el = n as Element;
      if (el.namespaceURI === ns && el.localName === localName) out.push(el);
    }
  }
  return out;
}

/** The only direct child with that name, or undefined when there is none or more than one. */
export function onlyChild(parent: Element | undefined, ns: string, localName: string): Element | undefined {
  if (!parent) return undefined;
  const found = childElements(parent, ns, localName);
  return found.length === 1 ? found[0] : undefined;
}

/** Follows a path of direct children in the SAML assertion namespace. */
export function assertionPath(from: Element | undefined, ...names: string[]): Element | undefined {
  let current = from;
  for (const name of names) current = onlyChild(current, NS.assertion, name);
  return current;
}

export function allElements(doc: Document | Element, ns: string, localName: string): Element[] {
  return Array.from(doc.getElementsByTagNameNS(ns, localName));
}

export function text(el: Element | undefined): string | undefined {
  const value = el?.textContent?.trim();
  return value ? value : undefined;
}

export function attr(el: Element | undefined, name: string): string | undefined {
  if (!el || !el.hasAttribute(name)) return undefined;
  return el.getAttribute(name) ?? undefined;
}

/** SAML instants are xs:dateTime in UTC; anything else (no zone, garbage) is refused rather than guessed. */
export function parseInstant(value: string | undefined): number | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
