import forge from 'node-forge';

/*
 * Real signed documents made in the test: a self-signed certificate (RSA, as on the signature smart cards),
 * a CAdES .p7m that wraps a PDF, and a PAdES PDF whose signature dictionary holds a detached PKCS#7.
 */

export interface TestSigner {
  key: forge.pki.rsa.PrivateKey;
  certificate: forge.pki.Certificate;
}

export function makeSigner(
  subject: { CN?: string; GN?: string; SN?: string },
  validity: { from: Date; to: Date } = { from: new Date('2025-01-01T00:00:00Z'), to: new Date('2028-01-01T00:00:00Z') },
): TestSigner {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
  const certificate = forge.pki.createCertificate();
  certificate.publicKey = keys.publicKey;
  certificate.serialNumber = '0a1b2c3d';
  certificate.validity.notBefore = validity.from;
  certificate.validity.notAfter = validity.to;
  const attrs: forge.pki.CertificateField[] = [{ shortName: 'C', value: 'IT' }];
  if (subject.GN) attrs.push({ type: '2.5.4.42', value: subject.GN });
  if (subject.SN) attrs.push({ type: '2.5.4.4', value: subject.SN });
  if (subject.CN) attrs.push({ shortName: 'CN', value: subject.CN });
  certificate.setSubject(attrs);
  certificate.setIssuer([
    { shortName: 'C', value: 'IT' },
    { shortName: 'CN', value: 'CA di prova' },
  ]);
  certificate.sign(keys.privateKey, forge.md.sha256.create());
  return { key: keys.privateKey, certificate };
}

function signedData(signer: TestSigner, content: Buffer, detached: boolean): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.addCertificate(signer.certificate);
  p7.addSigner({
    key: signer.key,
    certificate: signer.certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
    ],
  });
  p7.sign({ detached });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** A minimal PDF (with the PDF/A identification in its metadata), as a modulo di adesione. */
export function plainPdf(text = 'Modulo di adesione'): Buffer {
  return Buffer.from(
    `%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n% ${text}\n% <pdfaid:part>1</pdfaid:part>\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
    'latin1',
  );
}

/** A CAdES envelope (.p7m, DER) around `content`. */
export function cadesP7m(signer: TestSigner, content: Buffer = plainPdf()): Buffer {
  return signedData(signer, content, false);
}

/** A PDF signed PAdES-style: a /Sig dictionary with /ByteRange and the detached PKCS#7 in /Contents, zero-padded. */
export function padesPdf(signer: TestSigner): Buffer {
  const body = plainPdf('Modulo firmato PAdES').toString('latin1');
  const der = signedData(signer, Buffer.from(body, 'latin1'), true);
  const hex = der.toString('hex').padEnd(der.length * 2 + 2000, '0');
  const sig = `3 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 100 200 300] /Contents <${hex}> >>\nendobj\n`;
  return Buffer.from(body.replace('trailer', `${sig}trailer`), 'latin1');
}
