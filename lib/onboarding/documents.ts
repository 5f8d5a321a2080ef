import { createHash } from 'node:crypto';
import { p7mDer, padesSignature, readSignedData, type SignerInfo } from './signature';

export type AdhesionDocumentKind =
  | 'modulo_adesione'
  | 'documento_identita'
  | 'lettera_adesione'
  | 'lettera_sostituzione'
  | 'piano_attivazione'
  | 'piano_servizi'
  | 'iban_accredito'
  | 'disdetta';

export const DOCUMENT_KIND_LABELS: Record<AdhesionDocumentKind, string> = {
  modulo_adesione: 'Modulo di adesione',
  documento_identita: 'Carta d’identità del firmatario',
  lettera_adesione: 'Lettera di adesione AgID',
  lettera_sostituzione: 'Lettera di sostituzione AgID',
  piano_attivazione: 'Piano di attivazione',
  piano_servizi: 'Piano dei servizi',
  iban_accredito: 'IBAN di accredito',
  disdetta: 'Disdetta',
};

/** The AgID documents the referente prepares (service page), each followed with a status. */
export const AGID_DOCUMENT_KINDS = [
  'lettera_adesione',
  'lettera_sostituzione',
  'piano_attivazione',
  'piano_servizi',
  'iban_accredito',
] as const satisfies readonly AdhesionDocumentKind[];

export const DOCUMENT_STATUS_LABELS = {
  caricato: 'Caricato',
  inviato_agid: 'Inviato ad AgID',
  accettato: 'Accettato',
  respinto: 'Respinto',
} as const;

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** Documents whose signature the service page requires: the request and the termination. */
export const SIGNED_KINDS: readonly AdhesionDocumentKind[] = ['modulo_adesione', 'disdetta'];

export type DocumentSignature = 'cades' | 'pades' | 'autografa' | 'nessuna';

export interface CheckedDocument {
  mime: string;
  size: number;
  sha256: string;
  signature: DocumentSignature;
  signer: SignerInfo | null;
}

export type DocumentCheck = { ok: true; document: CheckedDocument } | { ok: false; reason: string };

type Format = 'pdf' | 'p7m' | 'png' | 'jpeg';

/** The file's format from its first bytes, whatever its name or the browser claimed. */
export function formatOf(bytes: Buffer): Format | null {
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (p7mDer(bytes)) return 'p7m';
  return null;
}

const MIME: Record<Format, string> = { pdf: 'application/pdf', p7m: 'application/pkcs7-mime', png: 'image/png', jpeg: 'image/jpeg' };

/**
 * Checks an adhesion document by content: a PDF or a signed .p7m, or for the identity card also a PNG or
 * JPEG image; reads the signer of a CAdES or PAdES file. `handSigned` records a PDF signed by hand (the
 * identity card must then be in the file too, which the state machine checks).
 */
export function checkDocument(kind: AdhesionDocumentKind, bytes: Buffer, handSigned: boolean): DocumentCheck {
  if (bytes.length === 0) return { ok: false, reason: 'Il file è vuoto.' };
  if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: 'Il file supera i 10 MB: riducilo e riprova.' };
  const format = formatOf(bytes);
  const allowed: Format[] = kind === 'documento_identita' ? ['pdf', 'png', 'jpeg'] : ['pdf', 'p7m'];
  if (!format || !allowed.includes(format)) {
    return {
      ok: false,
      reason:
        kind === 'documento_identita'
          ? 'Il documento d’identità deve essere un PDF o un’immagine PNG o JPEG.'
          : 'Il file deve essere un PDF (PDF/A) o un file firmato digitalmente .p7m.',
    };
  }
  let signature: DocumentSignature = 'nessuna';
  let signer: SignerInfo | null = null;
  if (format === 'p7m') {
    signer = readSignedData(p7mDer(bytes)!);
    if (!signer) return { ok: false, reason: 'Il file .p7m non contiene una firma leggibile con il certificato del firmatario.' };
    signature = 'cades';
  } else if (format === 'pdf') {
    const embedded = padesSignature(bytes);
    signer = embedded && readSignedData(embedded);
    if (signer) signature = 'pades';
    else if (handSigned) signature = 'autografa';
  }
  if (SIGNED_KINDS.includes(kind) && signature === 'nessuna') {
    return {
      ok: false,
      reason:
        'Il documento deve essere firmato digitalmente (.p7m o PDF firmato) oppure firmato a mano: in tal caso indicalo e allega la carta d’identità.',
    };
  }
  return {
    ok: true,
    document: { mime: MIME[format], size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), signature, signer },
  };
}
