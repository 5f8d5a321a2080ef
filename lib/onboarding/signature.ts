import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface SignerInfo {
  /** CN, or given name and surname, of the signer's certificate. */
  name: string;
  validFrom: Date;
  validTo: Date;
}

const SIGNED_DATA_OID = '1.2.840.113549.1.7.2';

type Asn1 = forge.asn1.Asn1;
// forge's types predate the options object its fromDer takes since 1.0.
const fromDer = forge.asn1.fromDer as unknown as (
  bytes: forge.util.ByteStringBuffer,
  options: { parseAllBytes: boolean; strict: boolean },
) => Asn1;
const children = (node: Asn1 | undefined): Asn1[] => (node && Array.isArray(node.value) ? (node.value as Asn1[]) : []);

/** The value of a subject attribute from Node's "KEY=value" lines. */
function attribute(subject: string, key: string): string | undefined {
  return subject
    .split('\n')
    .find((line) => line.startsWith(`${key}=`))
    ?.slice(key.length + 1)
    .trim();
}

function signerOf(certificate: X509Certificate): SignerInfo {
  const subject = certificate.subject;
  const byParts = [attribute(subject, 'GN'), attribute(subject, 'SN')].filter(Boolean).join(' ');
  return {
    name: (attribute(subject, 'CN') || byParts || subject.replace(/\n/g, ', ')).slice(0, 200),
    validFrom: new Date(certificate.validFrom),
    validTo: new Date(certificate.validTo),
  };
}

/**
 * The signer of a CMS/PKCS#7 SignedData (CAdES), from its DER bytes: the certificate the first SignerInfo
 * names by serial number (or the first certificate carried). node-forge reads the ASN.1; the certificate
 * itself is read by Node's X509Certificate, which unlike forge's PKI also takes the EC keys of newer smart
 * cards. Null when the bytes are not a SignedData with a certificate. The signature is not verified
 * cryptographically here: the CIT checks it with its own verification tools before accepting the document.
 */
export function readSignedData(der: Buffer): SignerInfo | null {
  let root: Asn1;
  try {
    // PAdES pads /Contents with zeros after the DER: parse the first object, ignore what follows.
    root = fromDer(forge.util.createBuffer(der.toString('binary')), { parseAllBytes: false, strict: false });
  } catch {
    return null;
  }
  const [oid, explicit] = children(root);
  if (!oid || oid.type !== forge.asn1.Type.OID || forge.asn1.derToOid(oid.value as string) !== SIGNED_DATA_OID) return null;
  const signedData = children(explicit)[0];
  const parts = children(signedData);
  // [0] IMPLICIT certificates, then the SignerInfos SET last.
  const certificates = parts.find((p) => p.tagClass === forge.asn1.Class.CONTEXT_SPECIFIC && p.type === 0);
  const signerInfos = parts.at(-1);
  const certs: X509Certificate[] = [];
  for (const node of children(certificates)) {
    try {
      certs.push(new X509Certificate(Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary')));
    } catch {
      // An attribute certificate or something else: not the signer's.
    }
  }
  if (certs.length === 0) return null;
  const sid = children(children(signerInfos)[0])[1];
  const serialNode = children(sid)[1];
  const serial = serialNode?.type === forge.asn1.Type.INTEGER ? forge.util.bytesToHex(serialNode.value as string).replace(/^0+/, '') : '';
  const signer = certs.find((c) => c.serialNumber.toLowerCase().replace(/^0+/, '') === serial.toLowerCase()) ?? certs[0]!;
  return signerOf(signer);
}

/** A .p7m as DER or PEM (PKCS7 / CMS armour) → its DER bytes; null when it is neither. */
export function p7mDer(bytes: Buffer): Buffer | null {
  const text = bytes.subarray(0, 64).toString('latin1');
  const pem = /-----BEGIN (?:PKCS7|CMS)-----/.test(text);
  if (pem) {
    const body = bytes
      .toString('latin1')
      .replace(/-----(BEGIN|END) (PKCS7|CMS)-----/g, '')
      .replace(/\s+/g, '');
    return Buffer.from(body, 'base64');
  }
  // DER: a SEQUENCE (0x30) whose content starts with the SignedData OID.
  return bytes[0] === 0x30 && bytes.includes(Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02]))
    ? bytes
    : null;
}

/**
 * The PKCS#7 of a PAdES-signed PDF: the hex /Contents of the last signature dictionary (the one with
 * /ByteRange). Null when the PDF carries no signature.
 */
export function padesSignature(pdf: Buffer): Buffer | null {
  const text = pdf.toString('latin1');
  const at = text.lastIndexOf('/ByteRange');
  if (at < 0) return null;
  // The dictionary's /Contents may come before or after /ByteRange: look within the dictionary around it.
  const start = text.lastIndexOf('<<', at);
  const window = text.slice(Math.max(0, start), at + 200_000);
  const match = /\/Contents\s*<([0-9A-Fa-f\s]+)>/.exec(window);
  if (!match) return null;
  const hex = match[1]!.replace(/\s+/g, '');
  return hex.length > 0 ? Buffer.from(hex.length % 2 ? `${hex}0` : hex, 'hex') : null;
}
