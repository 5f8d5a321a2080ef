import type { Element } from '@xmldom/xmldom';
import { parseUntrustedXml } from '@/lib/auth/saml/saml-xml';
import type { ConservatoreMessage, RapportoVersamento, VersamentoOutcome } from '../conservatore';
import { sha256Of } from '../digest';

/*
 * SacER's answer to VersamentoSync (reference conservazione.md §4; parer-sacer-xml WSResponseVersamento.xsd):
 * always HTTP 200, root `EsitoVersamento`, verdict in EsitoGenerale/CodiceEsito (POSITIVO | NEGATIVO |
 * WARNING) with CodiceErrore and MessaggioErrore; the rapporto di versamento is the text of the
 * `RapportoVersamento` element (an XML document carried as a string), kept exactly as received.
 */

function child(parent: Element | undefined, name: string): Element | undefined {
  for (let n = parent?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === n.ELEMENT_NODE && (n as Element).localName === name) return n as Element;
  }
  return undefined;
}

function children(parent: Element | undefined, name: string): Element[] {
  const out: Element[] = [];
  for (let n = parent?.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === n.ELEMENT_NODE && (n as Element).localName === name) out.push(n as Element);
  }
  return out;
}

function text(el: Element | undefined): string | null {
  const value = el?.textContent?.trim();
  return value ? value : null;
}

export type ErrorClass = 'already_preserved' | 'rejected' | 'failed';

/**
 * What a NEGATIVO's code means for us (codes: parer-sacerws MessaggiWSBundle.java).
 * - UD-002-001: the key is already in SacER, i.e. this receipt was preserved before.
 * - 666, 666P, 666N (SacER's unexpected errors) and UD-008-002 («il versamento deve essere ripetuto»):
 *   SacER's own trouble, send again later.
 * - Everything else needs someone to fix the configuration or the data first: UD-001-012 (authentication),
 *   UD-001-001..003 (Ambiente/Ente/Struttura), UD-001-005 (UserID ≠ LOGINNAME), UD-003-* (tipologia,
 *   registro), XSD-001-001/002 (SIP), HASH-* (digests), COMP-006-001 (format), WS-CHECK (malformed call),
 *   FIRMA-*, PART-* and the codes we do not know.
 */
export function classifyErrorCode(code: string): ErrorClass {
  if (code === 'UD-002-001') return 'already_preserved';
  if (/^666[PN]?$/.test(code) || code === 'UD-008-002') return 'failed';
  return 'rejected';
}

/** The RdV as received, with its hash and the URNs it names. */
export function rapportoOf(xml: string, sipUrn: string | null): RapportoVersamento {
  const doc = parseUntrustedXml(xml);
  const root = doc?.documentElement ?? undefined;
  return {
    xml,
    sha256: sha256Of(xml).hex,
    urn: root?.localName === 'RapportoVersamento' ? text(child(root, 'URNRapportoVersamento')) : null,
    sipUrn: sipUrn ?? (root ? text(child(child(root, 'SIP'), 'URNSIP')) : null),
  };
}

function warningsOf(esito: Element, generale: Element): ConservatoreMessage[] {
  const out: ConservatoreMessage[] = [];
  const mainCode = text(child(generale, 'CodiceErrore'));
  if (mainCode) out.push({ code: mainCode, message: text(child(generale, 'MessaggioErrore')) ?? '' });
  for (const w of children(child(esito, 'WarningUlteriori'), 'Warning')) {
    out.push({ code: text(child(w, 'CodiceWarning')) ?? '', message: text(child(w, 'MessaggioWarning')) ?? '' });
  }
  return out;
}

/**
 * Whether a refusal comes from the Ente's SacER configuration (every receipt would get it: UD-001-*
 * versatore and credentials, UD-003-* tipologia and registro, PART-* partitions, WS-CHECK the call itself)
 * or from this receipt's package (XSD, HASH, COMP, FIRMA and the rest).
 */
export function rejectionCause(code: string): 'configuration' | 'document' {
  return /^(UD-001-|UD-003-|PART-|WS-CHECK$)/.test(code) ? 'configuration' : 'document';
}

const failed = (message: string, code: string | null = null): VersamentoOutcome => ({ kind: 'failed', code, message, retryable: true });

/** Reads an EsitoVersamento. Anything that is not one (HTML error page, truncated XML) is a `failed` outcome. */
export function parseEsitoVersamento(body: string): VersamentoOutcome {
  const root = parseUntrustedXml(body)?.documentElement ?? undefined;
  if (!root || root.localName !== 'EsitoVersamento') return failed('Risposta di SacER illeggibile: non è un EsitoVersamento');
  const generale = child(root, 'EsitoGenerale');
  const esito = text(child(generale, 'CodiceEsito'));
  const sipUrn = text(child(root, 'URNSIP'));
  const rapportoXml = child(root, 'RapportoVersamento')?.textContent ?? '';
  const rapporto = rapportoXml.trim() ? rapportoOf(rapportoXml, sipUrn) : null;
  if (!generale || !esito) return failed('Risposta di SacER senza EsitoGenerale/CodiceEsito');

  if (esito === 'POSITIVO' || esito === 'WARNING') {
    // Accepted: without its rapporto we could not prove it, so ask again (the retry finds UD-002-001 and its RdV).
    if (!rapporto) return failed(`Esito ${esito} senza rapporto di versamento`);
    return { kind: 'preserved', rapporto, warnings: esito === 'WARNING' ? warningsOf(root, generale) : [] };
  }
  if (esito !== 'NEGATIVO') return failed(`Esito di SacER sconosciuto: ${esito.slice(0, 40)}`);

  const code = text(child(generale, 'CodiceErrore')) ?? 'SCONOSCIUTO';
  const message = text(child(generale, 'MessaggioErrore')) ?? 'Versamento rifiutato senza messaggio';
  switch (classifyErrorCode(code)) {
    case 'already_preserved':
      return { kind: 'already_preserved', rapporto, code, message };
    case 'failed':
      return failed(message, code);
    case 'rejected':
      return { kind: 'rejected', code, message, retryable: false, cause: rejectionCause(code) };
  }
}
