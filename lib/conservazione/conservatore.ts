import type { Allegato5Metadata } from './metadata';

/*
 * What the portal asks of a conservatore: take one receipt's versamento package (PdV/SIP) and say what
 * happened. One adapter per protocol (parer/ for SacER VersamentoSync); the SInCRO export is a separate
 * function, not a Conservatore. The daily job stores the outcome: a rapporto di versamento is kept
 * verbatim with its hash, a rejection with its code until someone fixes its cause, a failure is retried.
 */

/** One file of the package. */
export interface VersamentoComponent {
  /** The component's id in the package: SacER names the multipart file part after it. */
  id: 'rt' | 'pdf';
  /** The document's id (IDDocumento, Allegato 5 Identificativo). */
  documentId: string;
  fileName: string;
  mimeType: 'application/xml' | 'application/json' | 'application/pdf';
  bytes: Buffer;
  /** SHA-256 of `bytes`, hex. */
  sha256: string;
}

/** The key a conservatore files the receipt under: unique per Ente, so re-sending it is recognised. */
export interface VersamentoKey {
  /** The receipt's row id (receipts.id). */
  numero: string;
  /** Year of the payment, Italian time. */
  anno: number;
  /** The Ente's registro for receipts, as configured (SacER needs one). */
  registro: string | null;
}

export interface VersamentoPackage {
  enteId: string;
  /** receipts.id, for the caller's bookkeeping. */
  receiptRowId: string;
  key: VersamentoKey;
  /** Short description of the unit (SacER ProfiloUnitaDocumentaria/Oggetto). */
  oggetto: string;
  /** Date of the document, `YYYY-MM-DD`, Italian time (SacER ProfiloUnitaDocumentaria/Data). */
  data: string;
  /** The receipt as the partner delivered it, byte for byte: the document to preserve. */
  principale: VersamentoComponent;
  /** The ricevuta PDF. */
  allegato: VersamentoComponent;
  metadata: Allegato5Metadata;
}

/** The rapporto di versamento exactly as the conservatore issued it. */
export interface RapportoVersamento {
  /** The RdV XML, verbatim (never re-serialised: its hash must stay checkable). */
  xml: string;
  /** SHA-256 of the UTF-8 bytes of `xml`, hex. */
  sha256: string;
  /** The RdV's own URN (URNRapportoVersamento), when it has one. */
  urn: string | null;
  /** The URN the conservatore gave the SIP, when it says. */
  sipUrn: string | null;
}

export interface ConservatoreMessage {
  code: string;
  message: string;
}

export type VersamentoOutcome =
  /** Taken into preservation (with warnings, if the conservatore had any). */
  | { kind: 'preserved'; rapporto: RapportoVersamento; warnings: ConservatoreMessage[] }
  /**
   * The key was already preserved (SacER UD-002-001): a second send of the same receipt. The rapporto is
   * the one of the first versamento, when the conservatore returns it (SacER does).
   */
  | { kind: 'already_preserved'; rapporto: RapportoVersamento | null; code: string; message: string }
  /**
   * Refused. Not retryable means: not until the configuration or the data has been fixed. `cause` says
   * which: a configuration refusal (credentials, Struttura, registro…) would refuse every other receipt
   * too, so a batch should stop there; a document refusal concerns this receipt only.
   */
  | { kind: 'rejected'; code: string; message: string; retryable: boolean; cause: 'configuration' | 'document' }
  /** Never reached a verdict (network, timeout, HTTP error, unreadable answer, conservatore's own fault): send again later. */
  | { kind: 'failed'; code: string | null; message: string; retryable: true };

export interface Conservatore {
  /**
   * Sends one package. Never throws for what the conservatore or the network did: every such case is an
   * outcome. `signal` aborts the call (the job's timeout); the outcome is then `failed`.
   */
  send(pkg: VersamentoPackage, signal?: AbortSignal): Promise<VersamentoOutcome>;
}
