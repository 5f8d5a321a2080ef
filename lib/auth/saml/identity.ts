import type { Element } from '@xmldom/xmldom';

import { isValidPersonFiscalCode } from '@/lib/pagopa/fiscal-code';

import { NS, childElements, onlyChild, text } from './saml-xml';

export interface IdentityAttributes {
  /** The person's codice fiscale: `TINIT-` stripped, upper case, check digit verified. */
  fiscalNumber: string;
  name?: string;
  familyName?: string;
  email?: string;
}

export type AttributesResult =
  | { ok: true; attributes: IdentityAttributes }
  | { ok: false; reason: 'attributes_missing' | 'attribute_repeated' | 'fiscal_number_invalid' };

const WANTED = ['fiscalNumber', 'name', 'familyName', 'email'] as const;

/**
 * Reads the identity from the AttributeStatement of the given (already verified) assertion only.
 * An attribute sent twice is refused: which value "wins" would be a choice an attacker could steer.
 */
export function readIdentityAttributes(assertion: Element): AttributesResult {
  const statement = onlyChild(assertion, NS.assertion, 'AttributeStatement');
  if (!statement) return { ok: false, reason: 'attributes_missing' };
  const values = new Map<string, string | undefined>();
  for (const attribute of childElements(statement, NS.assertion, 'Attribute')) {
    const name = attribute.getAttribute('Name') ?? '';
    if (!(WANTED as readonly string[]).includes(name)) continue;
    const attributeValues = childElements(attribute, NS.assertion, 'AttributeValue');
    if (values.has(name) || attributeValues.length > 1) return { ok: false, reason: 'attribute_repeated' };
    values.set(name, text(attributeValues[0]));
  }
  const raw = values.get('fiscalNumber');
  if (!raw) return { ok: false, reason: 'attributes_missing' };
  const fiscalNumber = fiscalNumberFromSpid(raw);
  if (!fiscalNumber) return { ok: false, reason: 'fiscal_number_invalid' };
  return {
    ok: true,
    attributes: {
      fiscalNumber,
      name: values.get('name'),
      familyName: values.get('familyName'),
      email: values.get('email'),
    },
  };
}

/** `TINIT-RSSMRA80A01H501U` → `RSSMRA80A01H501U`; any other country prefix or an invalid code is refused. */
export function fiscalNumberFromSpid(value: string): string | undefined {
  const match = /^TINIT-([A-Za-z0-9]{16})$/.exec(value.trim());
  const code = match?.[1]?.toUpperCase();
  if (!code) return undefined;
  return isValidPersonFiscalCode(code) ? code : undefined;
}
