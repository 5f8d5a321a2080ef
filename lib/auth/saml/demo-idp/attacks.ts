import { DOMParser, XMLSerializer, type Document, type Element } from '@xmldom/xmldom';

import { NS, childElements } from '../saml-xml';
import { samlId } from './build-response';

/**
 * Structural attacks on an already signed Response, for the tests: each reproduces a published
 * SAML signature-wrapping technique. Never used by the demo IdP's normal flow.
 */

function edit(xml: string, change: (response: Element, doc: Document) => void): string {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const response = doc.documentElement;
  if (!response) throw new Error('no document element');
  change(response, doc);
  return new XMLSerializer().serializeToString(doc);
}

function theAssertion(response: Element): Element {
  const [assertion] = childElements(response, NS.assertion, 'Assertion');
  if (!assertion) throw new Error('no assertion');
  return assertion;
}

/** Adds a second copy of the assertion (with a new ID) after the first. */
export function duplicateAssertion(xml: string): string {
  return edit(xml, (response) => {
    const copy = theAssertion(response).cloneNode(true) as Element;
    copy.setAttribute('ID', samlId());
    response.appendChild(copy);
  });
}

/**
 * Moves the signed assertion into samlp:Extensions and puts a forged copy (same ID, other
 * fiscal number, its signature removed) where the assertion belongs.
 */
export function moveAssertionIntoExtensions(xml: string, forgedFiscalNumber: string): string {
  return edit(xml, (response, doc) => {
    const signed = theAssertion(response);
    const forged = signed.cloneNode(true) as Element;
    for (const s of childElements(forged, NS.dsig, 'Signature')) forged.removeChild(s);
    for (const value of Array.from(forged.getElementsByTagNameNS(NS.assertion, 'AttributeValue'))) {
      const attribute = value.parentNode as Element;
      if (attribute.getAttribute('Name') === 'fiscalNumber') value.textContent = `TINIT-${forgedFiscalNumber}`;
    }
    const extensions = doc.createElementNS(NS.protocol, 'samlp:Extensions');
    response.replaceChild(forged, signed);
    extensions.appendChild(signed);
    const status = childElements(response, NS.protocol, 'Status')[0];
    response.insertBefore(extensions, status ?? null);
  });
}

/**
 * spid-saml-check case 112: a genuinely signed foreign element (any signed XML from the IdP, e.g.
 * its metadata) injected into the Response, next to an unsigned assertion.
 */
export function injectSignedForeignElement(xml: string, signedForeignXml: string): string {
  return edit(xml, (response, doc) => {
    const foreign = new DOMParser().parseFromString(signedForeignXml, 'text/xml').documentElement;
    if (!foreign) throw new Error('no foreign element');
    const imported = doc.importNode(foreign, true);
    const status = childElements(response, NS.protocol, 'Status')[0];
    response.insertBefore(imported, status ?? null);
  });
}
